// Checklist items decided by what the service depends on: a rate limiter, security headers. A missing
// package is a warning, not a failure: a gateway or proxy in front of the service may do the job, which
// the repository cannot show.
import path from 'node:path';
import type { ChecklistItem, Location } from '../types';
import type { ProjectModel } from './model';
import { normalizeName } from '../workspace/facts';

interface DependencyItem {
  id: string; title: string; weight: number;
  python: string[]; npm: string[];
  passReason: string; missingReason: string;
}

const ITEMS: DependencyItem[] = [
  { id: 'security.rate-limit', title: 'Requests are rate limited', weight: 1,
    python: ['slowapi', 'fastapi-limiter', 'flask-limiter', 'django-ratelimit'],
    npm: ['express-rate-limit', 'rate-limiter-flexible', '@nestjs/throttler', '@fastify/rate-limit', 'koa-ratelimit'],
    passReason: 'A rate limiter is a dependency', missingReason: 'No rate limiter among the dependencies (fine if a gateway in front of the service limits requests)' },
  { id: 'security.headers', title: 'Security headers are set', weight: 1,
    python: ['secure', 'flask-talisman', 'django-csp'],
    npm: ['helmet', '@fastify/helmet'],
    passReason: 'A security-headers middleware is a dependency', missingReason: 'No security-headers middleware (helmet, secure, flask-talisman) among the dependencies (fine if a proxy in front sets them)' },
];

/** Web frameworks whose presence makes these items apply to a JS/TS project. */
const SCRIPT_WEB_FRAMEWORKS = ['express', '@nestjs/core', 'fastify', 'koa', '@hapi/hapi'];

/** A package.json names a JS/TS web framework. */
export function hasScriptWebApp(model: ProjectModel): boolean {
  return SCRIPT_WEB_FRAMEWORKS.some((p) => model.facts.script.declared.has(p));
}

const MANIFESTS = new Set(['package.json', 'pyproject.toml', 'requirements.txt', 'Pipfile']);

export function dependencyItems(model: ProjectModel, hasPythonApp: boolean, hasScriptApp: boolean): ChecklistItem[] {
  const manifests: Location[] = [...model.files].filter((f) => MANIFESTS.has(path.basename(f)))
    .sort((a, b) => a.length - b.length).slice(0, 3)
    .map((file) => ({ file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
  return ITEMS.map((item) => {
    const base = { id: item.id, category: 'Security hardening' as const, title: item.title, weight: item.weight, fixes: [], docs: '' };
    if (!hasPythonApp && !hasScriptApp) return { ...base, status: 'n/a', reason: 'No web application found', evidence: [] };
    const found = [
      ...(hasPythonApp ? item.python.filter((p) => model.facts.dependencies.has(normalizeName(p))) : []),
      ...(hasScriptApp ? item.npm.filter((p) => model.facts.script.declared.has(p)) : []),
    ];
    return found.length
      ? { ...base, status: 'pass', reason: `${item.passReason} (${found.join(', ')})`, evidence: manifests }
      : { ...base, status: 'warn', reason: item.missingReason, evidence: manifests };
  });
}
