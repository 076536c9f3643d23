// dockerfile-runs-as-root: the image that runs the service has no USER (official python/node/debian
// images default to root) or switches back to root last. A compromised process then owns the container.
import type { Finding, Fix, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';
import type { DockerfileSummary } from '../../project/summary';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'dockerfile-runs-as-root',
  family: 'health',
  category: 'Deployment',
  defaultSeverity: 'warning',
  languages: ['dockerfile'],
  summary: 'A service image without a non-root USER runs as root: a compromised process owns the container and whatever it mounts.',
  fixSafety: 'unsafe',
  foreignCodes: ['DL3002'],
};

const ROOT = /^(root|0)(:(root|0))?$/;

function check(model: ProjectModel): Finding[] {
  const findings: Finding[] = [];
  for (const { file, summary } of model.summaries) {
    const docker = summary.dockerfile;
    if (!docker?.runsWebServer) continue;
    const explicitRoot = !!docker.user && ROOT.test(docker.user.name);
    // without a USER, only bases known to default to root are reported (a custom base may set one)
    if (!explicitRoot && (docker.user || !docker.knownBase)) continue;
    const range = explicitRoot ? docker.user!.range : docker.finalFrom;
    if (!range) continue;
    findings.push({
      rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range,
      message: explicitRoot
        ? '`USER root` is the last user of the image that runs the service: the server runs as root. Switch to an unprivileged user before CMD.'
        : `The image runs the service as root: \`${docker.baseImage}\` defaults to root and no USER switches away from it. Add an unprivileged user.`,
      fixes: [addUser(file, docker)],
    });
  }
  return findings;
}

/** A user the image already has; official node images ship `node`; elsewhere create one (busybox `adduser` on alpine). */
function addUser(file: string, docker: DockerfileSummary): Fix {
  const base = docker.baseImage ?? '';
  const existing = docker.users?.[docker.users.length - 1];
  const lines = existing ? [`USER ${existing}`] : /^node(:|$)/.test(base) ? ['USER node']
    : /alpine/.test(base) ? ['RUN adduser -D -u 10001 app', 'USER app']
      : ['RUN useradd --create-home --uid 10001 app', 'USER app'];
  const at = { line: docker.insertLine, character: 0 };
  return {
    title: `Run the service as ${lines[lines.length - 1].slice(5)} (add ${lines.map((l) => l.split(' ')[0]).join(' + ')} before CMD)`,
    safety: 'unsafe', preferred: true,
    edits: [{ file, edits: [{ range: { start: at, end: at }, newText: lines.map((l) => `${l}\n`).join('') }] }],
  };
}

export const dockerfileRunsAsRoot: ProjectRule = { meta, check };
