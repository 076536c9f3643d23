// The readiness checklist: items with a status, evidence and fixes, and the weighted score.
// One implementation feeds the tree view, the status bar, the CLI and the Markdown report.
import type { Checklist, ChecklistItem, ChecklistStatus, Finding, Location } from '../types';
import type { ProjectModel } from './model';
import { docsUrl } from '../rules/index';
import { isPythonFile } from '../workspace/discover';

const MAX_EVIDENCE = 50;
const STATUS_CREDIT: Record<ChecklistStatus, number> = { pass: 1, warn: 0.5, fail: 0, 'n/a': 0 };

export function buildChecklist(model: ProjectModel, findings: Finding[]): Checklist {
  const byRule = (...rules: string[]) => findings.filter((f) => rules.includes(f.rule));
  const evidence = (fs: Finding[]): Location[] => fs.slice(0, MAX_EVIDENCE).map((f) => ({ file: f.file, range: f.range }));
  const fixesOf = (fs: Finding[]) => fs.flatMap((f) => f.fixes.filter((x) => x.preferred).slice(0, 1)).slice(0, 1);
  const apps = model.summaries.flatMap((e) => e.summary.apps.map((a) => ({ file: e.file, app: a })));
  const dockerfiles = model.summaries.filter((e) => e.summary.dockerfile);
  const hasPython = model.summaries.some((e) => isPythonFile(e.file));
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

  const items: ChecklistItem[] = [];
  const add = (item: Omit<ChecklistItem, 'docs'> & { docs?: string }) => items.push({ docs: '', ...item });

  const health = byRule('missing-health-route');
  add({
    id: 'health.routes', category: 'Health & probes', weight: 3,
    title: 'Liveness and readiness routes',
    status: apps.length === 0 ? 'n/a' : health.length ? 'fail' : 'pass',
    reason: apps.length === 0 ? 'No FastAPI or Flask app found'
      : health.length ? `${count(health.length, 'app')} without a health route` : 'Every app has a health route',
    evidence: health.length ? evidence(health) : apps.map((a) => ({ file: a.file, range: a.app.range })),
    fixes: fixesOf(health), docs: docsUrl('missing-health-route'),
  });

  const secrets = byRule('secret-default');
  add({
    id: 'secrets.no-defaults', category: 'Secrets & configuration', weight: 3,
    title: 'Secrets are required at start-up (no literal defaults)',
    status: !hasPython ? 'n/a' : secrets.length ? 'fail' : 'pass',
    reason: secrets.length ? `${count(secrets.length, 'secret')} with a literal default` : 'No secret setting has a literal default',
    evidence: evidence(secrets), fixes: fixesOf(secrets), docs: docsUrl('secret-default'),
  });

  const broad = byRule('broad-except');
  add({
    id: 'errors.no-broad-except', category: 'Error handling', weight: 2,
    title: 'Errors are caught narrowly or logged with their traceback',
    status: !hasPython ? 'n/a' : broad.length === 0 ? 'pass' : broad.length <= 3 ? 'warn' : 'fail',
    reason: broad.length ? `${count(broad.length, 'broad handler')} that swallow errors` : 'No broad handler swallows errors',
    evidence: evidence(broad), fixes: [], docs: docsUrl('broad-except'),
  });

  const deprecated = findings.filter((f) => f.family === 'deprecated-api');
  add({
    id: 'deprecations.none', category: 'Deprecations', weight: 1,
    title: 'No deprecated APIs',
    status: !hasPython ? 'n/a' : deprecated.length ? 'warn' : 'pass',
    reason: deprecated.length ? `${count(deprecated.length, 'deprecated use')}` : 'No deprecated API in use',
    evidence: evidence(deprecated), fixes: [], docs: docsUrl('datetime-utcnow'),
  });

  const withoutCheck = dockerfiles.filter((e) => !e.summary.dockerfile!.healthcheck || e.summary.dockerfile!.healthcheckDisabled);
  add({
    id: 'deployment.dockerfile-healthcheck', category: 'Deployment', weight: 2,
    title: 'Container image declares a HEALTHCHECK',
    status: dockerfiles.length === 0 ? 'n/a' : withoutCheck.length ? 'fail' : 'pass',
    reason: dockerfiles.length === 0 ? 'No Dockerfile found'
      : withoutCheck.length ? `${count(withoutCheck.length, 'Dockerfile')} without HEALTHCHECK` : 'Every Dockerfile has a HEALTHCHECK',
    evidence: (withoutCheck.length ? withoutCheck : dockerfiles).map((e) => ({ file: e.file,
      range: e.summary.dockerfile!.healthcheck ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })),
    fixes: [],
  });

  return { score: score(items), items };
}

/** Weighted share of credit over the items that apply (warn counts half); null when none applies. */
export function score(items: ChecklistItem[]): number | null {
  const applicable = items.filter((i) => i.status !== 'n/a');
  const total = applicable.reduce((s, i) => s + i.weight, 0);
  if (total === 0) return null;
  return Math.round((100 * applicable.reduce((s, i) => s + i.weight * STATUS_CREDIT[i.status], 0)) / total);
}
