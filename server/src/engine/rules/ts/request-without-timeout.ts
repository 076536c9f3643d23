// request-without-timeout (TS/JS): axios and got requests that can wait forever. Both default to no
// timeout. Reported: a client created without one (`axios.create()`, `got.extend()`), and calls on the
// default instance (`axios.get(url)`, `axios(config)`, `got.post(url, opts)`) whose config has no
// `timeout`, unless the file sets `axios.defaults.timeout`. Calls on instances are the instance's
// business (reported once, at its creation). `axios`/`got` are resolved through imports and requires.
// fetch is left out on purpose: Node's fetch (undici) stops waiting for headers and body after 300 s by
// default, and in browser code a request without a timeout does not hold a server worker.
import ts from 'typescript';
import type { Finding, Fix, TextEdit } from '../../types';
import { makeFinding } from '../context';
import type { ScriptFile, ScriptRule } from '../scriptContext';
import { dottedName, forEachNode, scriptRange, stringValue, unwrap } from '../../parse/tsast';
import { moduleBindings, qualifyScript, type ModuleBindings } from '../../parse/tsimports';
import { appendArgumentEdits, appendPropertyEdits } from '../../parse/tsedit';
import { DEFAULT_TIMEOUT, requestWithoutTimeoutMeta as meta } from '../python/request-without-timeout';
import { hasSpread, objectLiteral, property } from './options';
import { isTestFile } from '../../secretDetector';

interface Client {
  module: string;
  /** Method → index of its config argument (`axios.post(url, data, config)` → 2). */
  methods: Record<string, number>;
  /** The method that makes a configured instance. */
  factory: string;
  /** The property the fix adds. */
  timeout: string;
}

/** The same default as the Python rule (10 s), in the milliseconds these libraries take. */
const MS = `${DEFAULT_TIMEOUT}_000`;

const CLIENTS: Client[] = [
  { module: 'axios', factory: 'create', timeout: `timeout: ${MS}`,
    methods: { request: 0, get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, postForm: 2, putForm: 2, patchForm: 2 } },
  // `{ request }` bounds the whole request in got 11 and in got 12+ (which no longer takes a number)
  { module: 'got', factory: 'extend', timeout: `timeout: { request: ${MS} }`,
    methods: { get: 1, post: 1, put: 1, patch: 1, delete: 1, head: 1 } },
];

/** Options that let the caller abort the request itself: its business, not ours. */
const CANCELLATION = ['signal', 'cancelToken'];

function check(file: ScriptFile): Finding[] {
  if (!/\b(axios|got)\b/.test(file.text)) return [];
  const source = file.source;
  const bindings = moduleBindings(source);
  const withDefaults = defaultsTimeouts(source, bindings);
  const findings: Finding[] = [];
  forEachNode(source, (node) => {
    if (!ts.isCallExpression(node)) return;
    const ref = qualifyScript(node.expression, bindings);
    const client = ref && CLIENTS.find((c) => c.module === ref.module);
    if (!client || ref!.path.length > 1) return;
    const method = ref!.path[0];
    if (node.arguments.some(ts.isSpreadElement)) return; // `...args` may carry the config
    let finding: Finding | undefined;
    if (method === client.factory) {
      if (!withDefaults.has(client.module) && !withDefaults.has(instanceName(node) ?? '')) finding = checkConfig(file, node, client, 0, 'client');
    } else if (withDefaults.has(client.module)) {
      return;
    } else if (method === undefined) {
      const index = configIndex(source, node);
      if (index !== undefined) finding = checkConfig(file, node, client, index, 'call');
    } else if (Object.hasOwn(client.methods, method)) {
      finding = checkConfig(file, node, client, client.methods[method], 'call');
    }
    if (finding) findings.push(finding);
  });
  return isTestFile(file.file) ? findings.map((f) => ({ ...f, severity: 'info' as const })) : findings;
}

/** `axios(config)` takes the config first, `axios(url, config?)` second; undefined when the first argument could be either. */
function configIndex(source: ts.SourceFile, call: ts.CallExpression): number | undefined {
  const [first] = call.arguments;
  if (!first) return undefined;
  if (objectLiteral(source, first)) return 0;
  const e = unwrap(first);
  const urlLike = stringValue(e) !== undefined || ts.isTemplateExpression(e) || ts.isNewExpression(e)
    || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken)
    || /(url|uri|endpoint|href|path)$/i.test(dottedName(e) ?? '');
  return urlLike ? 1 : undefined;
}

type Where = 'client' | 'call';

function checkConfig(file: ScriptFile, call: ts.CallExpression, client: Client, index: number, where: Where): Finding | undefined {
  const source = file.source;
  const config = call.arguments[index];
  const what = `\`${oneLine(call.expression.getText(source))}\``;
  if (!config) {
    if (index > 0 && call.arguments.length === 0) return undefined; // no URL: not a request we understand
    const fill = Array(index - call.arguments.length).fill('undefined'); // `axios.post(url)`: data comes first
    return missing(file, call, client, what, where, appendArgumentEdits(source, call, [...fill, `{ ${client.timeout} }`].join(', ')));
  }
  const obj = objectLiteral(source, config);
  if (!obj) return undefined; // a variable or a call: it may hold a timeout
  const timeout = property(source, obj, 'timeout');
  if (timeout) {
    const value = timeout.value && unwrap(timeout.value);
    if (client.module !== 'axios' || !value || !ts.isNumericLiteral(value) || Number(value.text) !== 0) return undefined;
    const edits = timeout.written ? [{ range: scriptRange(source, timeout.written), newText: MS }] : [{ range: scriptRange(source, timeout.node), newText: client.timeout }];
    return makeFinding(meta, file.file, scriptRange(source, timeout.node),
      `${what} sets \`timeout: 0\`, which disables the timeout: axios then waits forever for a server that stops answering. Pass a number of milliseconds.`,
      [fix(file, `Use \`timeout: ${MS}\` (milliseconds)`, edits)]);
  }
  if (CANCELLATION.some((name) => property(source, obj, name)) || hasSpread(obj)) return undefined;
  return missing(file, call, client, what, where, appendPropertyEdits(source, obj, client.timeout));
}

function missing(file: ScriptFile, call: ts.CallExpression, client: Client, what: string, where: Where, edits: TextEdit[]): Finding {
  const message = where === 'client'
    ? `${what} creates a client without a timeout: ${client.module} waits forever by default, so every request through it can hang on a server that stops answering. Pass \`timeout\` (milliseconds).`
    : `${what} has no timeout: ${client.module} waits forever by default for a server that stops answering, and whatever awaits the request hangs with it. Pass \`timeout\` (milliseconds)${client.module === 'axios' ? ', or set `axios.defaults.timeout`' : ''}.`;
  return makeFinding(meta, file.file, scriptRange(file.source, call.expression), message,
    [fix(file, `Add \`${client.timeout}\` (milliseconds; the request then fails with a timeout error instead of hanging)`, edits)]);
}

function fix(file: ScriptFile, title: string, edits: TextEdit[]): Fix {
  return { title, safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits }] };
}

/**
 * Receivers whose defaults get a timeout in this file: `axios.defaults.timeout = 5000` (the module,
 * recorded by its name: `axios.create()` copies those defaults too) or `api.defaults.timeout = …`.
 */
function defaultsTimeouts(source: ts.SourceFile, bindings: ModuleBindings): Set<string> {
  const out = new Set<string>();
  forEachNode(source, (node) => {
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const left = node.left;
    if (!ts.isPropertyAccessExpression(left) || left.name.text !== 'timeout') return;
    const defaults = left.expression;
    if (!ts.isPropertyAccessExpression(defaults) || defaults.name.text !== 'defaults') return;
    const ref = qualifyScript(defaults.expression, bindings);
    if (ref && ref.path.length === 0) out.add(ref.module);
    else out.add(dottedName(defaults.expression) ?? '');
  });
  out.delete('');
  return out;
}

/** The name a created client is kept under: `const api = axios.create()`, `this.http = …`, a class field. */
function instanceName(call: ts.CallExpression): string | undefined {
  let n: ts.Node = call;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)) return `this.${p.name.text}`;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return dottedName(p.left);
  return undefined;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

export const requestWithoutTimeoutScript: ScriptRule = { meta, check };
