// Checklist items decided by what the service depends on: a rate limiter, security headers, an error
// tracker, metrics, structured logs, migrations, a lockfile. A missing package is a warning, not a failure:
// a gateway, proxy or platform may do the job, which the repository cannot show.
import path from 'node:path';
import type { ChecklistCategory, ChecklistItem, Location } from '../types';
import type { ProjectModel } from './model';
import { normalizeName } from '../workspace/facts';
import { datastores } from './datastores';

interface DependencyItem {
  id: string; category: ChecklistCategory; title: string; weight: number;
  python: string[]; npm: string[];
  passReason: string; missingReason: string;
  /** Applies only to services that use a database (migrations). */
  needsDatastore?: boolean;
}

const ITEMS: DependencyItem[] = [
  { id: 'security.rate-limit', category: 'Security hardening', title: 'Requests are rate limited', weight: 1,
    python: ['slowapi', 'fastapi-limiter', 'flask-limiter', 'django-ratelimit'],
    npm: ['express-rate-limit', 'rate-limiter-flexible', '@nestjs/throttler', '@fastify/rate-limit', 'koa-ratelimit'],
    passReason: 'A rate limiter is a dependency', missingReason: 'No rate limiter among the dependencies (fine if a gateway in front of the service limits requests)' },
  { id: 'security.headers', category: 'Security hardening', title: 'Security headers are set', weight: 1,
    python: ['secure', 'flask-talisman', 'django-csp'],
    npm: ['helmet', '@fastify/helmet'],
    passReason: 'A security-headers middleware is a dependency', missingReason: 'No security-headers middleware (helmet, secure, flask-talisman) among the dependencies (fine if a proxy in front sets them)' },
  { id: 'observability.error-tracking', category: 'Observability', title: 'Errors are reported to an error tracker', weight: 1,
    python: ['sentry-sdk', 'rollbar', 'bugsnag', 'honeybadger', 'elastic-apm', 'ddtrace', 'newrelic', 'opentelemetry-sdk'],
    npm: ['@sentry/node', '@sentry/nestjs', 'rollbar', '@bugsnag/js', '@honeybadger-io/js', 'elastic-apm-node', 'dd-trace', 'newrelic', '@opentelemetry/sdk-node'],
    passReason: 'An error tracker or APM agent is a dependency', missingReason: 'No error tracker (Sentry, Rollbar, Bugsnag, an APM agent) among the dependencies (fine if the platform collects errors)' },
  { id: 'observability.metrics', category: 'Observability', title: 'The service exposes metrics', weight: 1,
    python: ['prometheus-client', 'prometheus-fastapi-instrumentator', 'prometheus-flask-exporter', 'starlette-exporter', 'opentelemetry-sdk', 'statsd', 'datadog', 'ddtrace'],
    npm: ['prom-client', 'express-prom-bundle', '@willsoto/nestjs-prometheus', 'fastify-metrics', '@opentelemetry/sdk-metrics', '@opentelemetry/sdk-node', 'hot-shots', 'dd-trace'],
    passReason: 'A metrics client is a dependency', missingReason: 'No metrics client (Prometheus, OpenTelemetry, StatsD) among the dependencies' },
  { id: 'observability.structured-logging', category: 'Observability', title: 'Logs are structured (JSON)', weight: 1,
    python: ['structlog', 'python-json-logger', 'loguru', 'json-logging', 'ecs-logging'],
    npm: ['pino', 'winston', 'bunyan', 'nestjs-pino', 'pino-http', '@elastic/ecs-winston-format'],
    passReason: 'A structured-logging library is a dependency', missingReason: 'No structured-logging library (structlog, python-json-logger, pino, winston) among the dependencies: plain-text logs are hard to search and alert on' },
  { id: 'deployment.migrations', category: 'Deployment', title: 'Schema changes go through migrations', weight: 1, needsDatastore: true,
    python: ['alembic', 'django', 'flask-migrate', 'yoyo-migrations', 'aerich', 'piccolo'],
    npm: ['prisma', 'typeorm', 'knex', 'sequelize-cli', 'umzug', 'node-pg-migrate', 'db-migrate', 'drizzle-kit', '@mikro-orm/migrations', 'kysely'],
    passReason: 'A migration tool is a dependency', missingReason: 'The service uses a database but no migration tool (Alembic, Prisma, TypeORM, Knex…) is a dependency' },
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
  const usesDatabase = (hasPythonApp && datastores(model, 'python').length > 0) || (hasScriptApp && datastores(model, 'script').length > 0);
  const items: ChecklistItem[] = ITEMS.map((item) => {
    const base = { id: item.id, category: item.category, title: item.title, weight: item.weight, fixes: [], docs: '' };
    if (!hasPythonApp && !hasScriptApp) return { ...base, status: 'n/a', reason: 'No web application found', evidence: [] };
    if (item.needsDatastore && !usesDatabase) return { ...base, status: 'n/a', reason: 'No database client among the dependencies', evidence: [] };
    // every language that has services needs its own (pino in the TS service says nothing of the Python one)
    const python = hasPythonApp ? item.python.filter((p) => model.facts.dependencies.has(normalizeName(p))) : [];
    const npm = hasScriptApp ? item.npm.filter((p) => model.facts.script.declared.has(p)) : [];
    const lacking = [...(hasPythonApp && !python.length ? ['Python'] : []), ...(hasScriptApp && !npm.length ? ['TS/JS'] : [])];
    const found = [...python, ...npm];
    if (!lacking.length) return { ...base, status: 'pass', reason: `${item.passReason} (${found.join(', ')})`, evidence: manifests };
    const partly = found.length ? ` for the ${lacking.join(' and ')} services (the others have ${found.join(', ')})` : '';
    return { ...base, status: 'warn', reason: `${item.missingReason}${partly}`, evidence: manifests };
  });
  return [...items, lockfileItem(model, hasPythonApp, hasScriptApp, manifests)];
}

/** Installs are reproducible: a lockfile (or fully pinned requirements) for each ecosystem the services use. */
function lockfileItem(model: ProjectModel, hasPythonApp: boolean, hasScriptApp: boolean, manifests: Location[]): ChecklistItem {
  const base = { id: 'deployment.lockfile', category: 'Deployment' as const, title: 'Dependencies are pinned by a lockfile', weight: 1, fixes: [], docs: '' };
  if (!hasPythonApp && !hasScriptApp) return { ...base, status: 'n/a', reason: 'No web application found', evidence: [] };
  const { pins } = model.facts;
  const missing = [...(hasPythonApp && !pins.python ? ['Python (uv.lock, poetry.lock, or requirements pinned with ==)'] : []),
    ...(hasScriptApp && !pins.npm ? ['npm (package-lock.json, yarn.lock, pnpm-lock.yaml)'] : [])];
  const at = (rel: string): Location => ({ file: path.join(model.root, rel), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  const found = [pins.python, pins.npm].filter((p): p is string => !!p);
  return missing.length
    ? { ...base, status: 'warn', reason: `No lockfile for ${missing.join(' and ')}: each build may install other versions`, evidence: manifests }
    : { ...base, status: 'pass', reason: `Pinned by ${found.join(', ')}`, evidence: found.map(at) };
}
