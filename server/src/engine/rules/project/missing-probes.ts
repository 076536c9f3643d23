// missing-probes: a Kubernetes container that serves a port (a web service) without a readiness or a
// liveness probe. Without readiness it gets traffic before it can answer and while its database is down;
// without liveness a hung process is never restarted. The fix adds both, on the routes the apps serve.
import type { Finding, Fix, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';
import type { ContainerSite } from '../../project/manifestSummary';
import { buildRouteGraph } from '../../project/routeGraph';
import { servedHealthPaths } from '../../project/healthPaths';
import { isReadinessPath } from '../../project/handlerChecks';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'missing-probes',
  family: 'health',
  category: 'Deployment',
  defaultSeverity: 'warning',
  languages: ['yaml'],
  summary: 'A Kubernetes container serving a port without readiness and liveness probes gets traffic before it is ready and is never restarted when it hangs.',
  fixSafety: 'unsafe',
};

function check(model: ProjectModel): Finding[] {
  const manifests = model.summaries.filter((e) => e.summary.manifest);
  if (manifests.length === 0) return [];
  const graph = buildRouteGraph(model);
  if (graph.apps.length === 0) return []; // no service of ours in this repository: the manifests deploy something else
  const health = servedHealthPaths(graph);
  const findings: Finding[] = [];
  for (const { file, summary } of manifests) {
    for (const workload of summary.manifest!.workloads) {
      if (workload.kind === 'Job' || workload.kind === 'CronJob') continue; // run to completion: nothing to probe
      for (const container of workload.containers) {
        if (container.ports.length === 0) continue; // a worker or sidecar without a port
        const has = new Set(container.probes.map((p) => p.kind));
        const missing = (['readinessProbe', 'livenessProbe'] as const).filter((k) => !has.has(k));
        if (missing.length === 0) continue;
        findings.push({
          rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: container.range,
          message: `Container \`${container.name}\` of ${workload.kind} \`${workload.name}\` has no ${missing.join(' and no ')}: `
            + (missing.includes('readinessProbe') ? 'it gets traffic before it can answer and while its dependencies are down' : 'a hung process is never restarted') + '.',
          fixes: [addProbes(file, container, missing, health)],
        });
      }
    }
  }
  return findings;
}

function addProbes(file: string, container: ContainerSite, missing: readonly ('readinessProbe' | 'livenessProbe')[], health: string[]): Fix {
  const port = container.ports.find((p) => p.name)?.name ?? container.ports[0].port;
  const live = health[0] ?? '/health/live';
  const ready = health.find(isReadinessPath) ?? health[0] ?? '/health/ready';
  const i = container.indent;
  const block = (kind: string, path: string, period: number, failures: number) => [
    `${i}${kind}:`, `${i}  httpGet:`, `${i}    path: ${path}`, `${i}    port: ${port}`, `${i}  periodSeconds: ${period}`, `${i}  failureThreshold: ${failures}`,
  ];
  const lines = [...(missing.includes('readinessProbe') ? block('readinessProbe', ready, 10, 3) : []),
    ...(missing.includes('livenessProbe') ? block('livenessProbe', live, 20, 3) : [])];
  const at = container.insertAt;
  return {
    title: `Add ${missing.join(' and ')} (${missing.includes('readinessProbe') ? ready : live}${missing.length === 2 && ready !== live ? `, ${live}` : ''} on port ${port})`
      + (health.length ? '' : ' and add those routes'),
    safety: 'unsafe', preferred: true,
    edits: [{ file, edits: [{ range: { start: at, end: at }, newText: container.insertPrefix + lines.map((l) => `${l}\n`).join('') }] }],
  };
}

export const missingProbes: ProjectRule = { meta, check };
