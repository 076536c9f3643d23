// healthcheck-route-mismatch: the Dockerfile HEALTHCHECK probes a path no app serves, or a port the
// server does not listen on. The container is then marked unhealthy although the service is fine.
import type { Finding, Fix, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';
import { buildRouteGraph } from '../../project/routeGraph';
import { appListenPort, graphIsComplete, servedHealthPaths } from '../../project/healthPaths';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'healthcheck-route-mismatch',
  family: 'health',
  category: 'Deployment',
  defaultSeverity: 'error',
  languages: ['dockerfile'],
  summary: 'A HEALTHCHECK that probes a route or port the service does not serve marks a healthy container unhealthy.',
  fixSafety: 'unsafe',
};

const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

function check(model: ProjectModel): Finding[] {
  const dockerfiles = model.summaries.filter((e) => e.summary.dockerfile?.healthcheckUrl && !e.summary.dockerfile.healthcheckDisabled);
  if (dockerfiles.length === 0) return [];
  const graph = buildRouteGraph(model);
  const served = new Set(graph.apps.flatMap((a) => a.routes.map((r) => trim(r.path))));
  const healthPaths = servedHealthPaths(graph);
  const listenPort = appListenPort(graph);
  const findings: Finding[] = [];
  for (const { file, summary } of dockerfiles) {
    const docker = summary.dockerfile!;
    const url = docker.healthcheckUrl!;
    const problems: string[] = [];
    const target = URL.canParse(url.text) ? new URL(url.text) : undefined;
    if (!target) continue; // `http://-host:8000/` is no URL curl would reach either: nothing to compare
    if (graphIsComplete(graph) && !served.has(trim(url.path))) {
      problems.push(`probes \`${url.path}\`, which no app serves${healthPaths.length ? ` (health routes: ${healthPaths.join(', ')})` : ''}`);
      if (healthPaths[0]) target.pathname = healthPaths[0];
    }
    const servedPort = docker.servedPort ?? listenPort;
    if (url.port !== undefined && servedPort !== undefined && url.port !== servedPort) {
      problems.push(`probes port ${url.port} but the server listens on ${servedPort}`);
      target.port = String(servedPort);
    }
    if (problems.length === 0) continue;
    // URL() adds a trailing "/" to a bare host; keep the original's form otherwise.
    const newUrl = target.toString().replace(/\/$/, url.text.endsWith('/') ? '/' : '');
    const fixes: Fix[] = newUrl !== url.text ? [{ title: `Probe ${newUrl} instead`, safety: 'unsafe', preferred: true,
      edits: [{ file, edits: [{ range: url.range, newText: newUrl }] }] }] : [];
    findings.push({
      rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: url.range,
      message: `This HEALTHCHECK ${problems.join(' and ')}: the container will be marked unhealthy while the service is fine.`, fixes,
    });
  }
  return findings;
}

export const healthcheckRouteMismatch: ProjectRule = { meta, check };
