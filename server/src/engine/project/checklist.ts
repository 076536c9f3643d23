// The readiness checklist: items with a status, evidence and fixes, and the weighted score.
// One implementation feeds the tree view, the status bar, the CLI and the Markdown report.
import type { Checklist, ChecklistItem, ChecklistStatus, Finding, Location } from '../types';
import type { ProjectModel } from './model';
import { ALL_RULES, docsUrl, ruleMeta } from '../rules/index';
import { isPythonFile } from '../workspace/discover';
import { isScriptFile } from '../parse/script';
import { dependencyItems, hasScriptWebApp } from './dependencyItems';
import { datastores } from './datastores';
import { isPythonApp, type AppSite } from './summary';

const MAX_EVIDENCE = 50;
/** Findings about our own ignore comments say nothing about the service. */
const META = new Set(['unused-ignore', 'ignore-without-reason']);

interface FindingItem {
  id: string; category: ChecklistItem['category']; title: string; weight: number;
  /** The rules whose findings fail the item, or a whole family. */
  rules?: string[]; family?: Finding['family'];
  /** 'fail' on any finding, or 'warn' (fail past `warnUpTo` findings). */
  severity: 'fail' | 'warn'; warnUpTo?: number;
  /** code: any Python/TS/JS; app: a FastAPI/Flask app; webapp: any web app, or an Express/Nest/Fastify/Koa/hapi dependency. */
  appliesTo: 'code' | 'app' | 'webapp' | 'dockerfile' | 'healthcheck' | 'manifest' | 'sqlengine' | 'nodeapp';
  /** Singular and plural, for "1 secret with a literal default" / "2 secrets with literal defaults". */
  noun: [string, string]; passReason: string;
}

/** The checklist items that rule findings decide, in report order. Weights: 3 blocks a launch, 1 is hygiene. */
const FINDING_ITEMS: FindingItem[] = [
  { id: 'health.readiness', category: 'Health & probes', title: 'Readiness checks the database and caches the service needs',
    rules: ['missing-readiness-route', 'readiness-without-dependency-check'], severity: 'warn', weight: 2, appliesTo: 'webapp',
    noun: ['app whose readiness checks nothing', 'apps whose readiness checks nothing'], passReason: 'No readiness route ignores a dependency the service has' },
  { id: 'secrets.no-defaults', category: 'Secrets & configuration', title: 'Secrets are required at start-up (no literal defaults)',
    rules: ['secret-default', 'env-secret-default'], severity: 'fail', weight: 3, appliesTo: 'code', noun: ['secret with a literal default', 'secrets with literal defaults'], passReason: 'No secret setting has a literal default' },
  { id: 'secrets.validated', category: 'Secrets & configuration', title: 'Secrets are validated when the service starts',
    rules: ['secret-unvalidated', 'env-secret-unvalidated'], severity: 'fail', weight: 2, appliesTo: 'code', noun: ['secret that may be empty at start-up', 'secrets that may be empty at start-up'], passReason: 'No secret may start empty' },
  { id: 'secrets.none-in-code', category: 'Secrets & configuration', title: 'No secrets in the source code',
    rules: ['hardcoded-secret'], severity: 'fail', weight: 3, appliesTo: 'code', noun: ['secret in the code', 'secrets in the code'], passReason: 'No hard-coded secret found' },
  { id: 'errors.handled', category: 'Error handling', title: 'Errors are caught narrowly or logged with their traceback',
    family: 'error-handling', severity: 'warn', warnUpTo: 3, weight: 2, appliesTo: 'code', noun: ['error-handling problem', 'error-handling problems'], passReason: 'No handler swallows errors' },
  { id: 'deprecations.none', category: 'Deprecations', title: 'No deprecated APIs',
    family: 'deprecated-api', severity: 'warn', weight: 1, appliesTo: 'code', noun: ['deprecated use', 'deprecated uses'], passReason: 'No deprecated API in use' },
  { id: 'security.cors', category: 'Security hardening', title: 'CORS allows only known origins',
    rules: ['cors-wildcard'], severity: 'fail', weight: 2, appliesTo: 'webapp', noun: ['wildcard CORS policy', 'wildcard CORS policies'], passReason: 'No wildcard CORS policy' },
  { id: 'security.debug-off', category: 'Security hardening', title: 'Debug mode is off',
    rules: ['debug-enabled'], severity: 'fail', weight: 2, appliesTo: 'app', noun: ['place that turns debug on', 'places that turn debug on'], passReason: 'Debug is not turned on in code' },
  { id: 'resilience.timeouts', category: 'Resilience', title: 'Outgoing HTTP calls have timeouts',
    rules: ['request-without-timeout'], severity: 'warn', warnUpTo: 3, weight: 1, appliesTo: 'code', noun: ['call without a timeout', 'calls without a timeout'], passReason: 'Every outgoing call found has a timeout' },
  { id: 'resilience.db-pre-ping', category: 'Resilience', title: 'Pooled database connections are checked before use',
    rules: ['sqlalchemy-pool-pre-ping'], severity: 'warn', weight: 1, appliesTo: 'sqlengine', noun: ['engine without pool_pre_ping', 'engines without pool_pre_ping'], passReason: 'Every SQLAlchemy engine pings its connections (or has no pool)' },
  { id: 'resilience.graceful-shutdown', category: 'Resilience', title: 'The service stops gracefully on SIGTERM',
    rules: ['missing-graceful-shutdown'], severity: 'fail', weight: 2, appliesTo: 'nodeapp', noun: ['service that exits mid-request on SIGTERM', 'services that exit mid-request on SIGTERM'], passReason: 'Every Node service handles SIGTERM' },
  { id: 'deployment.dockerfile-healthcheck', category: 'Deployment', title: 'Container image declares a HEALTHCHECK',
    rules: ['dockerfile-missing-healthcheck'], severity: 'fail', weight: 2, appliesTo: 'dockerfile', noun: ['image without a HEALTHCHECK', 'images without a HEALTHCHECK'], passReason: 'Every image that runs a server has a HEALTHCHECK' },
  { id: 'deployment.healthcheck-target', category: 'Deployment', title: 'HEALTHCHECK probes a served route and port',
    rules: ['healthcheck-route-mismatch'], severity: 'fail', weight: 2, appliesTo: 'healthcheck', noun: ['HEALTHCHECK probing the wrong route or port', 'HEALTHCHECKs probing the wrong route or port'], passReason: 'Every HEALTHCHECK probes a served route' },
  { id: 'deployment.healthcheck-tool', category: 'Deployment', title: 'HEALTHCHECK runs with tools the image has',
    rules: ['healthcheck-tool-missing'], severity: 'fail', weight: 2, appliesTo: 'healthcheck', noun: ['HEALTHCHECK using a tool the image lacks', 'HEALTHCHECKs using a tool the image lacks'], passReason: 'Every HEALTHCHECK uses a tool its image has' },
  { id: 'deployment.k8s-probes', category: 'Deployment', title: 'Kubernetes probes exist and ask served routes',
    rules: ['missing-probes', 'probe-route-mismatch'], severity: 'fail', weight: 2, appliesTo: 'manifest', noun: ['probe problem', 'probe problems'], passReason: 'Every serving container has probes on served routes' },
  { id: 'deployment.non-root', category: 'Deployment', title: 'The service runs as a non-root user',
    rules: ['dockerfile-runs-as-root'], severity: 'warn', weight: 2, appliesTo: 'dockerfile', noun: ['image running the service as root', 'images running the service as root'], passReason: 'Every service image switches to an unprivileged USER' },
];

const NOT_APPLICABLE: Record<FindingItem['appliesTo'], string> = {
  code: 'No Python, TypeScript or JavaScript code found', app: 'No FastAPI or Flask app found', webapp: 'No web application found', dockerfile: 'No Dockerfile that runs a web server',
  healthcheck: 'No HEALTHCHECK that probes a URL', manifest: 'No Kubernetes workload manifest', sqlengine: 'No SQLAlchemy engine created',
  nodeapp: 'No Express, Fastify or NestJS app (uvicorn and gunicorn finish the requests in flight on SIGTERM themselves)',
};
const STATUS_CREDIT: Record<ChecklistStatus, number> = { pass: 1, warn: 0.5, fail: 0, 'n/a': 0 };

/**
 * `ruleEnabled` tells which rules run: an item whose rules are all switched off is n/a (not a vacuous pass),
 * and one whose rules do not exist in this build is left out.
 */
export function buildChecklist(model: ProjectModel, findings: Finding[], ruleEnabled: (id: string) => boolean = () => true): Checklist {
  const grouped = new Map<string, Finding[]>();
  for (const f of findings) { const list = grouped.get(f.rule); if (list) list.push(f); else grouped.set(f.rule, [f]); }
  const byRule = (...rules: string[]) => rules.flatMap((r) => grouped.get(r) ?? []);
  const evidence = (fs: Finding[]): Location[] => fs.slice(0, MAX_EVIDENCE).map((f) => ({ file: f.file, range: f.range }));
  // the first preferred fix (findings can be thousands: no list of all their fixes)
  const fixesOf = (fs: Finding[]) => { for (const f of fs) { const x = f.fixes.find((fix) => fix.preferred); if (x) return [x]; } return []; };
  // one pass over the summaries (10,000 files in a large workspace, and this runs after every edit)
  const apps: { file: string; app: AppSite }[] = [];
  let serverImages = 0, manifests = 0, probedImages = 0, sqlEngines = false;
  const languages = new Set<string>();
  for (const { file, summary } of model.summaries) {
    for (const app of summary.apps) apps.push({ file, app });
    if (summary.dockerfile?.runsWebServer) serverImages++;
    if (summary.manifest) manifests++;
    if ((summary.dockerfile?.healthcheckUrl && !summary.dockerfile.healthcheckDisabled) || summary.compose) probedImages++;
    if (summary.engineCalls) sqlEngines = true;
    if (isPythonFile(file)) languages.add('python');
    else if (isScriptFile(file)) { languages.add('typescript'); languages.add('javascript'); }
  }
  const hasCode = languages.size > 0;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

  const items: ChecklistItem[] = [];
  const add = (item: Omit<ChecklistItem, 'docs'> & { docs?: string }) => items.push({ docs: '', ...item });

  const health = byRule('missing-health-route');
  add({
    id: 'health.routes', category: 'Health & probes', weight: 3,
    title: 'Liveness and readiness routes',
    status: apps.length === 0 ? 'n/a' : health.length ? 'fail' : 'pass',
    reason: apps.length === 0 ? 'No web app found (FastAPI, Flask, Express, Fastify, NestJS)'
      : health.length ? `${count(health.length, 'app')} without a health route` : 'Every app has a health route',
    evidence: health.length ? evidence(health) : apps.map((a) => ({ file: a.file, range: a.app.range })),
    fixes: fixesOf(health), docs: docsUrl('missing-health-route'),
  });

  const hasScriptApp = hasScriptWebApp(model);
  const hasWebApp = apps.length > 0 || hasScriptApp;
  // debug mode is a Python-framework setting (Flask/FastAPI `debug=`)
  const pythonApps = apps.filter((a) => isPythonApp(a.app));
  /** Whether the project has what each kind of item is about (the record keeps every kind answered). */
  const present: Record<FindingItem['appliesTo'], boolean> = {
    code: hasCode, app: pythonApps.length > 0, webapp: hasWebApp, dockerfile: serverImages > 0, healthcheck: probedImages > 0,
    manifest: manifests > 0, sqlengine: sqlEngines, nodeapp: apps.length > pythonApps.length,
  };
  // Items fed by rule findings: fail (or warn) when any finding of their rules remains.
  for (const def of FINDING_ITEMS) {
    const rules = def.rules ?? ALL_RULES.filter((r) => r.family === def.family && !META.has(r.id)).map((r) => r.id);
    if (!rules.some((id) => ruleMeta(id))) continue;
    // switched off = every rule for the project's languages is off (a TS rule left on says nothing about Python code)
    const forProject = rules.filter((id) => ruleMeta(id)?.languages.some((l) => languages.has(l)));
    const off = !(forProject.length ? forProject : rules).some(ruleEnabled);
    // Hints and infos (modernisations, findings in tests) do not move the readiness verdict.
    const found = byRule(...rules).filter((f) => f.severity === 'error' || f.severity === 'warning');
    const applies = !off && present[def.appliesTo];
    const status: ChecklistStatus = !applies ? 'n/a' : found.length === 0 ? 'pass'
      : def.severity === 'fail' || found.length > (def.warnUpTo ?? Infinity) ? 'fail' : 'warn';
    add({
      id: def.id, category: def.category, weight: def.weight, title: def.title, status,
      reason: off ? `Switched off (${rules.join(', ')})` : !applies ? NOT_APPLICABLE[def.appliesTo]
        : found.length ? `${found.length} ${def.noun[found.length === 1 ? 0 : 1]}` : def.passReason,
      evidence: evidence(found), fixes: fixesOf(found), docs: def.rules ? docsUrl(def.rules[0]) : '',
    });
  }

  // An app with no health route at all has no readiness check either: not a pass when it has a database to check
  const readiness = items.find((i) => i.id === 'health.readiness');
  const storesOf = (f: Finding) => datastores(model, isPythonFile(f.file) ? 'python' : 'script');
  const unchecked = health.filter((f) => storesOf(f).length > 0);
  if (readiness && readiness.status === 'pass' && unchecked.length > 0) {
    const stores = [...new Set(unchecked.flatMap(storesOf))];
    Object.assign(readiness, { status: 'fail', evidence: evidence(unchecked), fixes: fixesOf(unchecked),
      reason: `${count(unchecked.length, 'app')} without any health route, so nothing checks ${stores.join(', ')}` });
  }

  // each after the items of its category (Observability, new, goes before Deployment)
  for (const item of dependencyItems(model, pythonApps.length > 0, hasScriptApp || apps.length > pythonApps.length)) {
    const last = items.map((i) => i.category).lastIndexOf(item.category);
    const deployment = items.findIndex((i) => i.category === 'Deployment');
    items.splice(last >= 0 ? last + 1 : deployment >= 0 ? deployment : items.length, 0, item);
  }
  return { score: score(items), items };
}

/** Weighted share of credit over the items that apply (warn counts half); null when none applies. */
export function score(items: ChecklistItem[]): number | null {
  const applicable = items.filter((i) => i.status !== 'n/a');
  const total = applicable.reduce((s, i) => s + i.weight, 0);
  if (total === 0) return null;
  return Math.round((100 * applicable.reduce((s, i) => s + i.weight * STATUS_CREDIT[i.status], 0)) / total);
}
