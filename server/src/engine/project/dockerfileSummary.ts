// What the checklist and the deployment rules need from a Dockerfile, read with dockerfile-ast:
// the final stage (the image that runs), its HEALTHCHECK and the URL it probes, the served port, the
// tools the image has for a probe command.
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import type { DockerfileSummary } from './summary';

const WEB_SERVERS = /\b(uvicorn|gunicorn|hypercorn|daphne|granian|flask\s+run|fastapi\s+run|waitress-serve)\b/;
/** Node servers: `node dist/main.js`, `npm start`, `npm run start:prod`, `yarn start`, pm2-runtime, `nest start`. */
// (one way to split each flag, so a long run of dashes cannot backtrack exponentially)
const NODE_SERVERS = /\bnode\b(\s+-[\w-]*(=\S*)?)*\s+[^\s-]\S*|\b(npm|pnpm|yarn)\s+(run\s+)?start\b|\bpm2-runtime\b|\bnest\s+start\b|\b(ts-node|tsx)\s+\S/;
/** Official images that ship curl and wget (the full Debian-based tags); slim ones have neither. */
const FULL_IMAGE = /^(python|node):\d+(\.\d+)*(-(bookworm|bullseye|buster|trixie))?$|^(python|node):(latest|lts)$|^(python|node)$/;
/** Alpine images have busybox's wget. */
const ALPINE_IMAGE = /(^|[:-])alpine([\d.]*)?$/;

export function summarizeDockerfile(text: string): DockerfileSummary {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  const lastFrom = froms[froms.length - 1];
  const finalStage = lastFrom ? instructions.filter((i) => i.getRange().start.line >= lastFrom.getRange().start.line) : instructions;
  const keyword = (i: Instruction) => i.getKeyword().toUpperCase();
  const summary: DockerfileSummary = {
    healthcheckDisabled: false, insertLine: lineCount(text), runsWebServer: false, tools: [],
  };
  if (lastFrom) {
    // Findings point at the image (what runs), not at the FROM keyword.
    summary.finalFrom = toRange(lastFrom.getArguments()[0]?.getRange() ?? lastFrom.getRange());
    summary.baseImage = [lastFrom.getImageName(), lastFrom.getImageTag()].filter(Boolean).join(':');
  }
  // HEALTHCHECK is inherited from earlier stages only through `FROM <stage>`; the last one written wins.
  const healthchecks = instructions.filter((i) => keyword(i) === 'HEALTHCHECK');
  const healthcheck = healthchecks[healthchecks.length - 1];
  if (healthcheck) {
    const args = healthcheck.getArguments();
    summary.healthcheck = args.length
      ? { start: toRange(args[0].getRange()).start, end: toRange(args[args.length - 1].getRange()).end } : toRange(healthcheck.getRange());
    const content = healthcheck.getArgumentsContent() ?? '';
    summary.healthcheckDisabled = /^\s*NONE\b/i.test(content);
    summary.healthcheckCommand = content.replace(/^(\s*--\S+)*\s*CMD\s+/i, '').trim();
    const url = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|[\w.-]+)(?::(\d+))?(\/[^\s'")\]]*)?/.exec(summary.healthcheckCommand);
    if (url) {
      const line = text.split(/\r\n|\r|\n/)[healthcheck.getRange().start.line] ?? '';
      const column = line.indexOf(url[0]);
      const start = healthcheck.getRange().start.line;
      summary.healthcheckUrl = {
        text: url[0], port: url[1] ? Number(url[1]) : undefined, path: url[2] ?? '/',
        range: column >= 0 ? { start: { line: start, character: column }, end: { line: start, character: column + url[0].length } } : toRange(healthcheck.getRange()),
      };
    }
  }
  const run = [...finalStage].reverse().find((i) => ['CMD', 'ENTRYPOINT'].includes(keyword(i)));
  if (run) summary.insertLine = run.getRange().start.line;
  const command = finalStage.filter((i) => ['CMD', 'ENTRYPOINT'].includes(keyword(i))).map((i) => i.getArgumentsContent() ?? '').join(' ');
  const plain = command.replace(/[[\]",]/g, ' ');
  summary.runsWebServer = WEB_SERVERS.test(plain) || /\bpython\b.*\b(main|app|manage)\.py\b/.test(plain) || NODE_SERVERS.test(plain);
  const portFlag = /(?:--port[=\s]+|(?:--bind|-b)[=\s]+\S*?:)(\d{2,5})\b/.exec(plain);
  const exposed = finalStage.filter((i) => keyword(i) === 'EXPOSE').flatMap((i) => (i.getArgumentsContent() ?? '').split(/\s+/))
    .map((p) => parseInt(p, 10)).filter((p) => Number.isFinite(p));
  summary.servedPort = portFlag ? Number(portFlag[1]) : exposed[0];
  const installs = instructions.filter((i) => keyword(i) === 'RUN').map((i) => i.getArgumentsContent() ?? '').join('\n');
  const tools = new Set<string>();
  if (FULL_IMAGE.test(summary.baseImage ?? '')) { tools.add('curl'); tools.add('wget'); }
  if (ALPINE_IMAGE.test(summary.baseImage ?? '')) tools.add('wget');
  for (const tool of ['curl', 'wget']) if (new RegExp(`\\b(apt-get|apt|apk|yum|dnf|microdnf)\\b[^\\n]*\\b${tool}\\b`).test(installs)) tools.add(tool);
  if (/^python/.test(summary.baseImage ?? '') || /\bpython3?\b/.test(installs)) tools.add('python');
  if (/^node(:|$)/.test(summary.baseImage ?? '') || /\bnodejs\b/.test(installs)) tools.add('node');
  summary.tools = [...tools];
  return summary;
}

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

export function isDockerfile(rel: string): boolean {
  const base = rel.split('/').pop() ?? '';
  return /^Dockerfile(\..+)?$/i.test(base) || /\.dockerfile$/i.test(base) || /^Containerfile$/i.test(base);
}
