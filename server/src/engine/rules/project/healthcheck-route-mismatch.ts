// healthcheck-route-mismatch: the Dockerfile HEALTHCHECK probes a path no app serves, or a port the
// server does not listen on. The container is then marked unhealthy although the service is fine.
import type { Finding, Fix, Range, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';
import { buildRouteGraph } from '../../project/routeGraph';
import { appListenPort, graphIsComplete, servedHealthPaths, servedPaths, trimSlash } from '../../project/healthPaths';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'healthcheck-route-mismatch',
  family: 'health',
  category: 'Deployment',
  defaultSeverity: 'error',
  languages: ['dockerfile', 'yaml'],
  summary: 'A HEALTHCHECK that probes a route or port the service does not serve marks a healthy container unhealthy.',
  fixSafety: 'unsafe',
};


/** A health probe written in the project: a Dockerfile HEALTHCHECK, or a compose service's `healthcheck.test`. */
interface Probe { kind: 'dockerfile' | 'compose'; file: string; url: { text: string; port?: number; path: string; range: Range }; servedPort?: number; what: string }

function probes(model: ProjectModel): Probe[] {
  return model.summaries.flatMap(({ file, summary }): Probe[] => {
    const docker = summary.dockerfile;
    if (docker?.healthcheckUrl && !docker.healthcheckDisabled) return [{ kind: 'dockerfile', file, url: docker.healthcheckUrl, servedPort: docker.servedPort, what: 'This HEALTHCHECK' }];
    // compose ports map host to container; the check runs in the container, so only the path is compared
    return (summary.compose?.healthchecks ?? []).map((h): Probe => ({ kind: 'compose', file, url: h.url, what: `The healthcheck of service \`${h.service}\`` }));
  });
}

function check(model: ProjectModel): Finding[] {
  const all = probes(model);
  if (all.length === 0) return [];
  const graph = buildRouteGraph(model);
  const served = servedPaths(graph);
  const healthPaths = servedHealthPaths(graph);
  const listenPort = appListenPort(graph);
  const findings: Finding[] = [];
  for (const { kind, file, url, servedPort: imagePort, what } of all) {
    const problems: string[] = [];
    const target = URL.canParse(url.text) ? new URL(url.text) : undefined;
    if (!target) continue; // `http://-host:8000/` is no URL curl would reach either: nothing to compare
    if (graphIsComplete(graph) && !served.has(trimSlash(url.path))) {
      problems.push(`probes \`${url.path}\`, which no app serves${healthPaths.length ? ` (health routes: ${healthPaths.join(', ')})` : ''}`);
      if (healthPaths[0]) target.pathname = healthPaths[0];
    }
    const servedPort = kind === 'dockerfile' ? imagePort ?? listenPort : undefined;
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
      message: `${what} ${problems.join(' and ')}: the container will be marked unhealthy while the service is fine.`, fixes,
    });
  }
  return findings;
}

export const healthcheckRouteMismatch: ProjectRule = { meta, check };
