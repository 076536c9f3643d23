// What the checklist and the deployment rules need from a Dockerfile, read with dockerfile-ast:
// the final stage (the image that runs), its HEALTHCHECK and the URL it probes, the served port, the
// tools the image has for a probe command.
import { DockerfileParser, type From, type Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import type { DockerfileSummary } from './summary';

const WEB_SERVERS = /\b(uvicorn|gunicorn|hypercorn|daphne|granian|flask\s+run|fastapi\s+run|waitress-serve)\b/;
/** Node servers: `node dist/main.js`, `npm start`, `npm run start:prod`, `yarn start`, pm2-runtime, `nest start`. */
// (one way to split each flag, so a long run of dashes cannot backtrack exponentially)
const NODE_SERVERS = /\bnode\b(\s+-[\w-]*(=\S*)?)*\s+[^\s-]\S*|\b(npm|pnpm|yarn)\s+(run\s+)?start\b|\bpm2-runtime\b|\bnest\s+start\b|\b(ts-node|tsx)\s+\S/;
/** Official images that ship curl and wget (the full Debian-based tags); slim ones have neither. */
const FULL_IMAGE = /^(python|node):\d+(\.\d+)*(-(bookworm|bullseye|buster|trixie))?$|^(python|node):(latest|lts)$|^(python|node)$/;
/** Official images whose tools we know (what their tags ship), so a missing curl is a fact, not a guess. */
const KNOWN_BASE = /^(python|node|debian|ubuntu|alpine)(:|$)/;
/** Alpine images have busybox's wget. */
const ALPINE_IMAGE = /(^|[:-])alpine([\d.]*)?$/;

/** The http(s) URL a probe command asks: host, optional port (group 1), path (group 2). Compose files use it too. */
export const PROBE_URL = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|[\w.-]+)(?::(\d+))?(\/[^\s'")\]]*)?/;

export function summarizeDockerfile(text: string): DockerfileSummary {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  const lastFrom = froms[froms.length - 1];
  const finalStage = lastFrom ? instructions.filter((i) => i.getRange().start.line >= lastFrom.getRange().start.line) : instructions;
  // What the image that runs has: its own stage and the stages it is built FROM (`FROM base AS app`), not build stages
  const chain = stageChain(instructions, froms);
  const keyword = (i: Instruction) => i.getKeyword().toUpperCase();
  const lines = text.split(/\r\n|\r|\n/);
  const summary: DockerfileSummary = {
    healthcheckDisabled: false, insertLine: lines.length, runsWebServer: false, tools: [], knownBase: false,
  };
  if (lastFrom) {
    // Findings point at the image (what runs), not at the FROM keyword.
    summary.finalFrom = toRange(lastFrom.getArguments()[0]?.getRange() ?? lastFrom.getRange());
    const root = chain.from ?? lastFrom;
    summary.baseImage = [root.getImageName(), root.getImageTag()].filter(Boolean).join(':');
  }
  // HEALTHCHECK is inherited from earlier stages only through `FROM <stage>`; the last one written wins.
  const healthchecks = chain.instructions.filter((i) => keyword(i) === 'HEALTHCHECK');
  const healthcheck = healthchecks[healthchecks.length - 1];
  if (healthcheck) {
    const args = healthcheck.getArguments();
    summary.healthcheck = args.length
      ? { start: toRange(args[0].getRange()).start, end: toRange(args[args.length - 1].getRange()).end } : toRange(healthcheck.getRange());
    const content = healthcheck.getArgumentsContent() ?? '';
    summary.healthcheckDisabled = /^\s*NONE\b/i.test(content);
    summary.healthcheckCommand = content.replace(/^(\s*--\S+)*\s*CMD\s+/i, '').trim();
    const url = PROBE_URL.exec(summary.healthcheckCommand);
    const found = (re: RegExp) => findInInstruction(lines, healthcheck, re);
    if (url) {
      summary.healthcheckUrl = {
        text: url[0], port: url[1] ? Number(url[1]) : undefined, path: url[2] ?? '/',
        range: found(new RegExp(url[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))) ?? toRange(healthcheck.getRange()),
      };
    }
    const tool = /^\[?\s*"?(?:CMD(?:-SHELL)?"?\s*,\s*"?)?(curl|wget)\b/i.exec(summary.healthcheckCommand);
    const command = found(/\bCMD\b\s*/i);
    const toolRange = tool && found(new RegExp(`\\b${tool[1]}\\b`));
    if (tool && toolRange && command) {
      summary.healthcheckTool = { name: tool[1].toLowerCase() as 'curl' | 'wget', range: toolRange,
        command: { start: command.end, end: toRange(healthcheck.getRange()).end } };
    }
  }
  const run = [...finalStage].reverse().find((i) => ['CMD', 'ENTRYPOINT'].includes(keyword(i)));
  if (run) summary.insertLine = run.getRange().start.line;
  const command = chain.instructions.filter((i) => ['CMD', 'ENTRYPOINT'].includes(keyword(i))).map((i) => i.getArgumentsContent() ?? '').join(' ');
  const plain = command.replace(/[[\]",]/g, ' ');
  summary.runsWebServer = WEB_SERVERS.test(plain) || /\bpython\b.*\b(main|app|manage)\.py\b/.test(plain) || NODE_SERVERS.test(plain);
  const portFlag = /(?:--port[=\s]+|(?:--bind|-b)[=\s]+\S*?:)(\d{2,5})\b/.exec(plain);
  const exposed = chain.instructions.filter((i) => keyword(i) === 'EXPOSE').flatMap((i) => (i.getArgumentsContent() ?? '').split(/\s+/))
    .map((p) => parseInt(p, 10)).filter((p) => Number.isFinite(p));
  summary.servedPort = portFlag ? Number(portFlag[1]) : exposed[0];
  const users = chain.instructions.filter((i) => keyword(i) === 'USER');
  const lastUser = users[users.length - 1];
  if (lastUser) summary.user = { name: (lastUser.getArgumentsContent() ?? '').trim(), range: toRange(lastUser.getArguments()[0]?.getRange() ?? lastUser.getRange()) };
  const installs = chain.instructions.filter((i) => keyword(i) === 'RUN').map((i) => i.getArgumentsContent() ?? '').join('\n');
  // unprivileged users the image already has: created by useradd/adduser, or switched to earlier
  const created = [...installs.matchAll(/\b(?:useradd|adduser)\b([^\n&;|]*)/g)].map((m) => m[1].trim().split(/\s+/).pop() ?? '')
    .filter((n) => /^[a-z_][\w-]*$/i.test(n));
  summary.users = [...new Set([...created, ...users.map((u) => (u.getArgumentsContent() ?? '').trim().split(':')[0])])]
    .filter((n) => n && !/^(root|0)$/.test(n));
  const base = summary.baseImage ?? '';
  const tools = new Set<string>();
  summary.knownBase = KNOWN_BASE.test(base);
  if (FULL_IMAGE.test(base)) { tools.add('curl'); tools.add('wget'); }
  if (ALPINE_IMAGE.test(base)) tools.add('wget');
  for (const tool of ['curl', 'wget']) if (new RegExp(`\\b(apt-get|apt|apk|yum|dnf|microdnf)\\b[^\\n]*\\b${tool}\\b`).test(installs)) tools.add(tool);
  if (/^python/.test(base) || /\bpython3?\b/.test(installs)) tools.add('python');
  if (/^node(:|$)/.test(base) || /\bnodejs\b/.test(installs)) tools.add('node');
  summary.tools = [...tools];
  return summary;
}

/** The final stage's instructions plus those of the stages it derives from, and the FROM of the real base image. */
function stageChain(instructions: Instruction[], froms: From[]): { instructions: Instruction[]; from?: From } {
  if (froms.length === 0) return { instructions };
  const stageOf = (from: From) => {
    const next = froms[froms.indexOf(from) + 1];
    const start = from.getRange().start.line, end = next ? next.getRange().start.line : Infinity;
    return instructions.filter((i) => i.getRange().start.line >= start && i.getRange().start.line < end);
  };
  const out: Instruction[] = [];
  let from = froms[froms.length - 1];
  for (let hops = 0; hops < froms.length; hops++) {
    out.unshift(...stageOf(from));
    const parent = froms.slice(0, froms.indexOf(from)).reverse().find((f) => f.getBuildStage()?.toLowerCase() === from.getImageName()?.toLowerCase());
    if (!parent) break;
    from = parent;
  }
  return { instructions: out, from };
}

/** The first match of `re` in the instruction's lines (continuations included), as a range. */
function findInInstruction(lines: string[], instruction: Instruction, re: RegExp): Range | undefined {
  const { start, end } = instruction.getRange();
  for (let line = start.line; line <= end.line; line++) {
    const text = lines[line] ?? '';
    const from = line === start.line ? start.character : 0;
    const m = re.exec(text.slice(from));
    if (m) return { start: { line, character: from + m.index }, end: { line, character: from + m.index + m[0].length } };
  }
  return undefined;
}

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}


export function isDockerfile(rel: string): boolean {
  const base = rel.split('/').pop() ?? '';
  return /^Dockerfile(\..+)?$/i.test(base) || /\.dockerfile$/i.test(base) || /^Containerfile$/i.test(base);
}
