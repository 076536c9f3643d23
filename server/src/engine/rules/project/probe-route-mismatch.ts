// probe-route-mismatch: a Kubernetes liveness/readiness/startup probe whose `httpGet.path` no app serves,
// or whose port the container does not declare. The pod then never becomes ready, or is restarted in a
// loop, although the service is fine: the manifest's counterpart of healthcheck-route-mismatch.
import type { Finding, Fix, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';
import { buildRouteGraph } from '../../project/routeGraph';
import { graphIsComplete, servedHealthPaths, servedPaths, trimSlash } from '../../project/healthPaths';
import { isReadinessPath } from '../../project/handlerChecks';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'probe-route-mismatch',
  family: 'health',
  category: 'Deployment',
  defaultSeverity: 'error',
  languages: ['yaml'],
  summary: 'A Kubernetes probe on a path no app serves, or on a port the container does not declare, keeps a healthy pod unready or restarting.',
  fixSafety: 'unsafe',
};

/** Probes may carry a query string; routes are compared without it. */
const withoutQuery = (p: string) => trimSlash(p.split('?')[0]);

function check(model: ProjectModel): Finding[] {
  const manifests = model.summaries.filter((e) => e.summary.manifest);
  if (manifests.length === 0) return [];
  const graph = buildRouteGraph(model);
  // "not served" is a fact only when every app's routers could be followed
  const complete = graphIsComplete(graph);
  const served = servedPaths(graph, withoutQuery);
  const health = servedHealthPaths(graph);
  const findings: Finding[] = [];
  for (const { file, summary } of manifests) {
    for (const workload of summary.manifest!.workloads) {
      for (const container of workload.containers) {
        for (const probe of container.probes) {
          if (complete && probe.path && !served.has(withoutQuery(probe.path.value))) {
            // a readiness probe should ask a readiness route; the others a liveness one (servedHealthPaths puts those first)
            const better = probe.kind === 'readinessProbe' ? health.find(isReadinessPath) ?? health[0] : health[0];
            const fixes: Fix[] = better ? [{ title: `Probe ${better} instead`, safety: 'unsafe', preferred: true,
              edits: [{ file, edits: [{ range: probe.path.range, newText: better }] }] }] : [];
            findings.push({
              rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: probe.path.range, fixes,
              message: `The ${probe.kind} of container \`${container.name}\` asks \`${probe.path.value}\`, which no app serves`
                + `${health.length ? ` (health routes: ${health.join(', ')})` : ''}: the probe gets 404 and the pod ${probe.kind === 'livenessProbe' ? 'is restarted in a loop' : 'never becomes ready'}.`,
            });
          }
          const port = probe.port;
          if (port && container.ports.length > 0) {
            const known = typeof port.value === 'number' ? container.ports.some((p) => p.port === port.value) : container.ports.some((p) => p.name === port.value);
            if (!known) {
              findings.push({
                rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: port.range, fixes: [],
                message: `The ${probe.kind} of container \`${container.name}\` asks port \`${port.value}\`, which the container does not declare (ports: ${container.ports.map((p) => p.name ? `${p.name}=${p.port}` : p.port).join(', ')}).`,
              });
            }
          }
        }
      }
    }
  }
  return findings;
}

export const probeRouteMismatch: ProjectRule = { meta, check };
