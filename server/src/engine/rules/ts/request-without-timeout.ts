// request-without-timeout (TS/JS): axios and got requests that can wait forever. Both default to no
// timeout. Reported: a client created without one (`axios.create()`, `got.extend()`), and calls on the
// default instance (`axios.get(url)`, `axios(config)`, `got.post(url, opts)`) whose config has no
// `timeout`, unless the file sets `axios.defaults.timeout`. Calls on instances are the instance's
// business (reported once, at its creation). `axios`/`got` are resolved through imports and requires.
// NestJS's `HttpModule` (@nestjs/axios) is axios too: bare in `imports: [...]` it uses the default instance,
// `register(config)` / `registerAsync({ useFactory })` create one from the config.
// fetch is left out on purpose: Node's fetch (undici) stops waiting for headers and body after 300 s by
// default, and in browser code a request without a timeout does not hold a server worker.
import ts from 'typescript';
import type { Finding, Fix, TextEdit } from '../../types';
import { makeFinding } from '../context';
import type { ScriptFile, ScriptRule } from '../scriptContext';
import { dottedName, scriptRange, stringValue, unwrap } from '../../parse/tsast';
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
/** @nestjs/axios: its config is axios's (`HttpModule.register(config)` calls `axios.create(config)`). */
const NEST_HTTP: Client = { module: '@nestjs/axios', factory: 'register', timeout: `timeout: ${MS}`, methods: {} };

/** Options that let the caller abort the request itself: its business, not ours. */
const CANCELLATION = ['signal', 'cancelToken'];

function check(file: ScriptFile): Finding[] {
  if (!/\b(axios|got)\b/.test(file.text)) return [];
  const source = file.source;
  const bindings = moduleBindings(source, file.nodes);
  const withDefaults = defaultsTimeouts(file, bindings);
  const findings: Finding[] = [];
  if (!withDefaults.has('axios')) findings.push(...nestHttpModule(file, bindings));
  for (const node of file.nodes<ts.CallExpression>(ts.SyntaxKind.CallExpression)) {
    const ref = qualifyScript(node.expression, bindings);
    const client = ref && CLIENTS.find((c) => c.module === ref.module);
    if (!client || ref!.path.length > 1) continue;
    const method = ref!.path[0];
    if (node.arguments.some(ts.isSpreadElement)) continue; // `...args` may carry the config
    let finding: Finding | undefined;
    if (method === client.factory) {
      if (!withDefaults.has(client.module) && !withDefaults.has(instanceName(node) ?? '')) finding = checkConfig(file, node, client, 0, 'client');
    } else if (withDefaults.has(client.module)) {
      continue;
    } else if (method === undefined) {
      const index = configIndex(source, node);
      if (index !== undefined) finding = checkConfig(file, node, client, index, 'call');
    } else if (Object.hasOwn(client.methods, method)) {
      finding = checkConfig(file, node, client, client.methods[method], 'call');
    }
    if (finding) findings.push(finding);
  }
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
  return checkObject(file, call, client, obj, where);
}

function checkObject(file: ScriptFile, call: ts.CallExpression, client: Client, obj: ts.ObjectLiteralExpression, where: Where): Finding | undefined {
  const source = file.source;
  const what = `\`${oneLine(call.expression.getText(source))}\``;
  const timeout = property(source, obj, 'timeout');
  if (timeout) {
    const value = timeout.value && unwrap(timeout.value);
    if (client.module === 'got' || !value || !ts.isNumericLiteral(value) || Number(value.text) !== 0) return undefined;
    const edits = timeout.written ? [{ range: scriptRange(source, timeout.written), newText: MS }] : [{ range: scriptRange(source, timeout.node), newText: client.timeout }];
    return makeFinding(meta, file.file, scriptRange(source, timeout.node),
      `${what} sets \`timeout: 0\`, which disables the timeout: axios then waits forever for a server that stops answering. Pass a number of milliseconds.`,
      [fix(file, `Use \`timeout: ${MS}\` (milliseconds)`, edits)]);
  }
  if (CANCELLATION.some((name) => property(source, obj, name)) || hasSpread(obj)) return undefined;
  return missing(file, call, client, what, where, appendPropertyEdits(source, obj, client.timeout));
}

/**
 * `imports: [HttpModule]` (the default axios instance: no timeout), `HttpModule.register(config?)` and
 * `HttpModule.registerAsync({ useFactory: () => ({ … }) })` (a factory returning a literal; other factories are unknown).
 */
function nestHttpModule(file: ScriptFile, bindings: ModuleBindings): Finding[] {
  if (!file.text.includes('@nestjs/axios')) return [];
  const source = file.source;
  const findings: Finding[] = [];
  const isHttpModule = (e: ts.Expression, path: string) => qualifyScript(e, bindings)?.module === NEST_HTTP.module
    && qualifyScript(e, bindings)?.path.join('.') === path;
  for (const prop of file.nodes<ts.PropertyAssignment>(ts.SyntaxKind.PropertyAssignment)) {
    if (!ts.isIdentifier(prop.name) || prop.name.text !== 'imports' || !ts.isArrayLiteralExpression(prop.initializer)) continue;
    for (const e of prop.initializer.elements) {
      if (!isHttpModule(e, 'HttpModule')) continue;
      findings.push(makeFinding(meta, file.file, scriptRange(source, e),
        '`HttpModule` without options uses the default axios instance, which has no timeout: every `HttpService` request through it can hang on a server that stops answering. Register it with `timeout` (milliseconds).',
        [fix(file, `Use \`HttpModule.register({ ${NEST_HTTP.timeout} })\` (milliseconds)`, [{ range: scriptRange(source, e), newText: `${e.getText(source)}.register({ ${NEST_HTTP.timeout} })` }])]));
    }
  }
  for (const call of file.nodes<ts.CallExpression>(ts.SyntaxKind.CallExpression)) {
    if (call.arguments.some(ts.isSpreadElement)) continue;
    if (isHttpModule(call.expression, 'HttpModule.register')) {
      const finding = checkConfig(file, call, NEST_HTTP, 0, 'client');
      if (finding) findings.push(finding);
    } else if (isHttpModule(call.expression, 'HttpModule.registerAsync')) {
      const options = objectLiteral(source, call.arguments[0]);
      const factory = options && property(source, options, 'useFactory')?.value;
      const returned = factory && returnedObject(factory);
      const finding = returned && checkObject(file, call, NEST_HTTP, returned, 'client');
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

/** `() => ({ … })`, `async () => ({ … })`, `function () { return { … }; }`: the object literal the factory returns. */
function returnedObject(fn: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const f = unwrap(fn);
  if (!ts.isArrowFunction(f) && !ts.isFunctionExpression(f)) return undefined;
  let body: ts.Node = f.body;
  if (ts.isBlock(body)) {
    const s = body.statements.length === 1 ? body.statements[0] : undefined;
    if (!s || !ts.isReturnStatement(s) || !s.expression) return undefined;
    body = s.expression;
  }
  const e = unwrap(body as ts.Expression);
  return ts.isObjectLiteralExpression(e) ? e : undefined;
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
function defaultsTimeouts(file: ScriptFile, bindings: ModuleBindings): Set<string> {
  const out = new Set<string>();
  for (const node of file.nodes<ts.BinaryExpression>(ts.SyntaxKind.BinaryExpression)) {
    if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const left = node.left;
    if (!ts.isPropertyAccessExpression(left) || left.name.text !== 'timeout') continue;
    const defaults = left.expression;
    if (!ts.isPropertyAccessExpression(defaults) || defaults.name.text !== 'defaults') continue;
    const ref = qualifyScript(defaults.expression, bindings);
    if (ref && ref.path.length === 0) out.add(ref.module);
    else out.add(dottedName(defaults.expression) ?? '');
  }
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
