// request-without-timeout: an HTTP call that can wait forever. `requests.get/post/…/request` and the
// methods of `requests.Session()` instances without `timeout=` (or with `timeout=None`), and httpx calls
// and clients with `timeout=None` (httpx has a 5-second default). After Ruff S113 / Bandit B113.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, nodeRange, positionalArguments } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import { appendArgumentEdits, callsOf, lowerInTests, nosec } from './configClasses';

/** Shared with the TS/JS implementation (rules/ts/request-without-timeout.ts). */
export const requestWithoutTimeoutMeta: RuleMeta = {
  id: 'request-without-timeout',
  family: 'hardening',
  category: 'Resilience',
  defaultSeverity: 'warning',
  languages: ['python', 'typescript', 'javascript'],
  summary: 'An HTTP request without a timeout can hang a worker forever when the other side stops answering.',
  fixSafety: 'unsafe',
  foreignCodes: ['S113', 'B113', 'missing-timeout', 'W3101'],
};
const meta = requestWithoutTimeoutMeta;

const BANDIT = ['B113'];
const METHODS = 'get|post|put|patch|delete|head|options|request';
const REQUESTS = new RegExp(`^requests(\\.api)?\\.(${METHODS})$`);
const SESSION = /^requests(\.sessions)?\.(Session|session)$/;
const SESSION_METHOD = new RegExp(`^(${METHODS})$`);
const HTTPX = new RegExp(`^httpx\\.(${METHODS}|stream|Client|AsyncClient)$`);
/** Positional index of `timeout` in `Session.request(method, url, params, data, headers, cookies, files, auth, timeout, …)`. */
const SESSION_REQUEST_TIMEOUT_INDEX = 8;
export const DEFAULT_TIMEOUT = 10;

function check(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  if (!/\b(requests|httpx)\b/.test(file.text)) return findings;
  const sessions = sessionReceivers(file);
  for (const { call, fn, fnText } of callsOf(file)) {
    if (!/(get|post|put|patch|delete|head|options|request|stream|Client)$/.test(fnText)) continue;
    const q = qualify(fn, file.imports) ?? '';
    if (REQUESTS.test(q)) {
      findings.push(...requestsCall(file, call, fn, `\`${fn.text}\``));
    } else if (HTTPX.test(q)) {
      const timeout = keywordArgument(call, 'timeout');
      if (timeout?.type === 'none') findings.push(noneTimeout(file, call, timeout, `\`${fn.text}\``, 'httpx'));
    } else if (fn.type === 'attribute' && SESSION_METHOD.test(fn.childForFieldName('attribute')?.text ?? '')) {
      const receiver = fn.childForFieldName('object');
      if (receiver && sessions.some((s) => s.text === receiver.text && contains(s.scope, call))) {
        const method = fn.childForFieldName('attribute')!.text;
        if (method === 'request' && positionalArguments(call).length > SESSION_REQUEST_TIMEOUT_INDEX) continue;
        findings.push(...requestsCall(file, call, fn, `\`${fn.text}\` (a \`requests.Session\`)`));
      }
    }
  }
  return lowerInTests(file, findings.filter((f) => !nosec(file, f.range.start.line, BANDIT)));
}

function requestsCall(file: PythonFile, call: Node, fn: Node, what: string): Finding[] {
  const args = call.childForFieldName('arguments');
  if (!args || args.namedChildren.some((a) => a?.type === 'dictionary_splat')) return []; // **kwargs may carry a timeout
  const timeout = keywordArgument(call, 'timeout');
  if (timeout?.type === 'none') return [noneTimeout(file, call, timeout, what, 'requests')];
  if (timeout) return [];
  const fix: Fix = {
    title: `Add \`timeout=${DEFAULT_TIMEOUT}\` (seconds; the call then raises \`requests.Timeout\` instead of hanging)`,
    safety: 'unsafe', preferred: true,
    edits: [{ file: file.file, edits: appendArgumentEdits(file, call, `timeout=${DEFAULT_TIMEOUT}`) }],
  };
  return [makeFinding(meta, file.file, fn,
    `${what} has no timeout: requests waits forever for a server that stops answering, and the worker hangs with it. Pass \`timeout=\` (seconds, or a \`(connect, read)\` tuple).`,
    [fix])];
}

function noneTimeout(file: PythonFile, call: Node, timeout: Node, what: string, library: string): Finding {
  return makeFinding(meta, file.file, timeout.parent ?? timeout,
    `${what} sets \`timeout=None\`, which disables the timeout: ${library} then waits forever for a server that stops answering. Pass a number of seconds.`,
    [{ title: `Use \`timeout=${DEFAULT_TIMEOUT}\` (seconds)`, safety: 'unsafe', preferred: true,
      edits: [{ file: file.file, edits: [{ range: nodeRange(timeout), newText: String(DEFAULT_TIMEOUT) }] }] }]);
}

// ── requests.Session() instances ───────────────────────────────────────────────────────────────────
interface Receiver { text: string; scope: Node }

/**
 * Expressions bound to a new `requests.Session()`: `s = requests.Session()` (in its function, or the
 * module), `with requests.Session() as s:`, `self.session = requests.Session()` (in its class). A session
 * that gets `.mount(...)`ed is left alone: its adapter may enforce a timeout.
 */
function sessionReceivers(file: PythonFile): Receiver[] {
  const out: Receiver[] = [];
  for (const { call, fn, fnText } of callsOf(file)) {
    if (!/[sS]ession$/.test(fnText) || !SESSION.test(qualify(fn, file.imports) ?? '')) continue;
    const p = call.parent;
    let target: Node | null | undefined;
    if (p?.type === 'assignment' && p.childForFieldName('right')?.id === call.id) target = p.childForFieldName('left');
    else if (p?.type === 'as_pattern') target = p.childForFieldName('alias')?.firstNamedChild;
    if (!target || (target.type !== 'identifier' && target.type !== 'attribute')) continue;
    const scope = enclosing(call, target.type === 'attribute' ? 'class_definition' : 'function_definition') ?? file.root;
    out.push({ text: target.text, scope });
  }
  const mounts = callsOf(file).filter((c) => c.fn.type === 'attribute' && c.fnText.endsWith('.mount')).map((c) => c.fn);
  return out.filter((r) => !mounts.some((m) => m.childForFieldName('object')?.text === r.text && contains(r.scope, m)));
}

function enclosing(node: Node, type: string): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === type) return n;
  return undefined;
}

function contains(scope: Node, node: Node): boolean {
  return node.startIndex >= scope.startIndex && node.endIndex <= scope.endIndex;
}

export const requestWithoutTimeout: PythonRule = { meta, check };
