// Reads the instructions the checklist needs from a Dockerfile (line based: comments and `\` continuations).
import type { DockerfileSummary } from './summary';

export function summarizeDockerfile(text: string): DockerfileSummary {
  const summary: DockerfileSummary = { healthcheckDisabled: false };
  const lines = text.split(/\r\n|\r|\n/);
  let continuing = false;
  lines.forEach((line, row) => {
    const wasContinuation = continuing;
    continuing = /\\\s*$/.test(line);
    if (wasContinuation || /^\s*#/.test(line)) return;
    const m = /^(\s*)HEALTHCHECK\b(\s+NONE\b)?/i.exec(line);
    if (!m) return;
    summary.healthcheck = { start: { line: row, character: m[1].length }, end: { line: row, character: line.trimEnd().length } };
    summary.healthcheckDisabled = !!m[2];
  });
  return summary;
}

export function isDockerfile(rel: string): boolean {
  const base = rel.split('/').pop() ?? '';
  return /^Dockerfile(\..+)?$/i.test(base) || /\.dockerfile$/i.test(base) || /^Containerfile$/i.test(base);
}
