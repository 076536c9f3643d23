// healthcheck-tool-missing: the HEALTHCHECK runs curl or wget in an image that has neither (python:*-slim,
// node:*-slim, distroless-like bases). The check then fails on every run and the container is marked
// unhealthy although the service is fine. The fix probes the same URL with the image's own runtime.
import type { Finding, Fix, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';
import type { DockerfileSummary } from '../../project/summary';
import type { ProjectRule } from './project-rule';
import { probeCommand } from './probeCommand';

const meta: RuleMeta = {
  id: 'healthcheck-tool-missing',
  family: 'health',
  category: 'Deployment',
  defaultSeverity: 'error',
  languages: ['dockerfile'],
  summary: 'A HEALTHCHECK that runs curl or wget in an image without them fails every time and marks a healthy container unhealthy.',
  fixSafety: 'unsafe',
};

function check(model: ProjectModel): Finding[] {
  const findings: Finding[] = [];
  for (const { file, summary } of model.summaries) {
    const docker = summary.dockerfile;
    const tool = docker?.healthcheckTool;
    // only for official bases whose contents we know: a custom base image may well have curl
    if (!docker || !tool || docker.healthcheckDisabled || !docker.knownBase || docker.tools.includes(tool.name)) continue;
    findings.push({
      rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: tool.range,
      message: `This HEALTHCHECK runs \`${tool.name}\`, which \`${docker.baseImage}\` does not ship and no RUN installs: the check fails every time and the container is marked unhealthy.`
        + (fixable(docker) ? ` Probe with ${runtime(docker)} instead, or install ${tool.name}.` : ` Install ${tool.name} in the image, or probe with a runtime it has.`),
      fixes: fixable(docker) ? [replaceCommand(file, docker)] : [],
    });
  }
  return findings;
}

/** The image has Python or Node to probe with, and we know the URL. */
function fixable(docker: DockerfileSummary): boolean {
  return !!docker.healthcheckUrl && (docker.tools.includes('python') || docker.tools.includes('node'));
}

function runtime(docker: DockerfileSummary): string {
  return docker.tools.includes('python') ? "Python's urllib" : "Node's http module";
}

function replaceCommand(file: string, docker: DockerfileSummary): Fix {
  const command = probeCommand(docker, docker.healthcheckUrl!.text);
  return {
    title: `Probe ${docker.healthcheckUrl!.text} with ${runtime(docker)} instead of ${docker.healthcheckTool!.name}`,
    safety: 'unsafe', preferred: true,
    edits: [{ file, edits: [{ range: docker.healthcheckTool!.command, newText: command }] }],
  };
}

export const healthcheckToolMissing: ProjectRule = { meta, check };
