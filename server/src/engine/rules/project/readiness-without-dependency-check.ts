// readiness-without-dependency-check: a readiness route (`/ready`, `/readyz`, `/health/ready`) whose
// handler answers a constant while the app depends on a database or cache. It reports "ready" while the
// database is down, which is what a readiness probe exists to catch.
import type { Finding, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';
import { appKey, buildRouteGraph } from '../../project/routeGraph';
import { isReadinessPath } from '../../project/handlerChecks';
import { datastores } from '../../project/datastores';
import { isPythonApp } from '../../project/summary';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'readiness-without-dependency-check',
  family: 'health',
  category: 'Health & probes',
  defaultSeverity: 'warning',
  languages: ['python', 'typescript', 'javascript'],
  summary: 'A readiness route that answers a constant reports "ready" while the database or cache it needs is down.',
  fixSafety: 'display-only',
};

function check(model: ProjectModel): Finding[] {
  const graph = buildRouteGraph(model);
  const findings: Finding[] = [];
  const seen = new Set<string>(); // a router included by two apps is one handler
  for (const { file, app, routes } of graph.apps) {
    if (graph.mounted.has(appKey(file, app))) continue;
    const stores = datastores(model, isPythonApp(app) ? 'python' : 'script');
    if (stores.length === 0) continue;
    for (const route of routes) {
      const key = `${route.file}#${route.range.start.line}:${route.range.start.character}`;
      if (!isReadinessPath(route.path) || route.handler !== 'constant' || seen.has(key)) continue;
      seen.add(key);
      findings.push({
        rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file: route.file, range: route.range,
        message: `\`${route.path}\` answers a constant, but the app depends on ${stores.join(', ')}: the probe reports ready while they are down. `
          + 'Check them here (a `SELECT 1`, a Redis `PING`) and answer 503 when one fails.',
        fixes: [],
      });
    }
  }
  return findings;
}

export const readinessWithoutDependencyCheck: ProjectRule = { meta, check };
