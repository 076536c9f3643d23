// dockerfile-missing-healthcheck: the image starts a web server but declares no HEALTHCHECK.
// The fix probes the real health route on the served port with what the image has (python or node, not curl).
import type { Finding, Fix, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';
import type { DockerfileSummary } from '../../project/summary';
import { buildRouteGraph } from '../../project/routeGraph';
import { appListenPort, servedHealthPaths } from '../../project/healthPaths';
import type { ProjectRule } from './project-rule';
import { probeCommand } from './probeCommand';

const meta: RuleMeta = {
  id: 'dockerfile-missing-healthcheck',
  family: 'health',
  category: 'Deployment',
  defaultSeverity: 'warning',
  languages: ['dockerfile'],
  summary: 'An image that runs a web server without a HEALTHCHECK cannot be told apart from a hung one by Docker or Compose.',
  fixSafety: 'unsafe',
  foreignCodes: ['DL3059'],
};

const DEFAULT_PORT = 8000;
const DEFAULT_NODE_PORT = 3000;

function check(model: ProjectModel): Finding[] {
  const dockerfiles = model.summaries.filter((e) => e.summary.dockerfile?.runsWebServer);
  if (dockerfiles.length === 0) return [];
  const graph = buildRouteGraph(model);
  const healthPaths = servedHealthPaths(graph);
  const listenPort = appListenPort(graph);
  const findings: Finding[] = [];
  for (const { file, summary } of dockerfiles) {
    const docker = summary.dockerfile!;
    if (docker.healthcheck && !docker.healthcheckDisabled) continue;
    const at = docker.healthcheckDisabled ? docker.healthcheck! : docker.finalFrom ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    findings.push({
      rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: at,
      message: docker.healthcheckDisabled
        ? '`HEALTHCHECK NONE` turns off health checking for an image that runs a web server: Docker and Compose will keep sending traffic to a hung container.'
        : 'This image runs a web server but declares no HEALTHCHECK: Docker and Compose cannot tell a hung container from a healthy one.',
      fixes: docker.healthcheckDisabled ? [] : [addHealthcheck(file, docker, healthPaths[0], listenPort)],
    });
  }
  return findings;
}

function addHealthcheck(file: string, docker: DockerfileSummary, healthPath: string | undefined, listenPort: number | undefined): Fix {
  const node = docker.tools.includes('node') && !docker.tools.includes('python');
  const port = docker.servedPort ?? listenPort ?? (node ? DEFAULT_NODE_PORT : DEFAULT_PORT);
  const url = `http://127.0.0.1:${port}${healthPath ?? '/health'}`;
  const command = probeCommand(docker, url);
  const at = { line: docker.insertLine, character: 0 };
  return {
    title: `Add a HEALTHCHECK probing ${healthPath ?? '/health'} on port ${port}${healthPath ? '' : ' (add that route too)'}`,
    safety: 'unsafe', preferred: true,
    edits: [{ file, edits: [{ range: { start: at, end: at },
      newText: `HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\\n    CMD ${command}\n` }] }],
  };
}

export const dockerfileMissingHealthcheck: ProjectRule = { meta, check };
