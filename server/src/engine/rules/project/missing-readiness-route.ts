// missing-readiness-route: the app has a health route, but only a liveness one, while it depends on a
// database or cache. Kubernetes then keeps sending traffic to a pod whose database is gone. A health route
// whose handler does check a dependency counts as readiness, whatever its path.
import type { Finding, RuleMeta } from '../../types';
import { isHealthPath, type ProjectModel } from '../../project/model';
import { appKey, buildRouteGraph } from '../../project/routeGraph';
import { isReadinessPath } from '../../project/handlerChecks';
import { datastores } from '../../project/datastores';
import { isPythonApp } from '../../project/summary';
import { healthModuleFix } from './missing-health-route';
import { lazyFixes, type ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'missing-readiness-route',
  family: 'health',
  category: 'Health & probes',
  defaultSeverity: 'warning',
  languages: ['python', 'typescript', 'javascript'],
  summary: 'An app that needs a database or cache but only has a liveness route keeps getting traffic while that dependency is down.',
  fixSafety: 'unsafe',
};

function check(model: ProjectModel): Finding[] {
  const graph = buildRouteGraph(model);
  const findings: Finding[] = [];
  for (const { file, app, routes } of graph.apps) {
    if (graph.mounted.has(appKey(file, app))) continue;
    const health = routes.filter((r) => isHealthPath(r.path));
    if (health.length === 0) continue; // missing-health-route's finding
    if (health.some((r) => isReadinessPath(r.path) || r.handler === 'checks')) continue;
    const stores = datastores(model, isPythonApp(app) ? 'python' : 'script');
    if (stores.length === 0) continue; // nothing to be ready for: liveness is readiness
    findings.push(lazyFixes({
      rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: app.range,
      message: `This app serves only liveness-style health routes (${health.map((r) => `\`${r.path}\``).join(', ')}) that check nothing, but it depends on ${stores.join(', ')}: `
        + 'add a readiness route (`/health/ready`, `/readyz`) that checks them, so traffic stops while they are down.' }, () => healthModuleFix(model, file, app)));
  }
  return findings;
}

export const missingReadinessRoute: ProjectRule = { meta, check };
