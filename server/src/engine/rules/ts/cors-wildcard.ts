// cors-wildcard (TS/JS): CORS that accepts every origin in Express (the `cors` package), NestJS
// (`app.enableCors`, `NestFactory.create(…, { cors })`), Fastify (`@fastify/cors`, `fastify-cors`) and Koa (`@koa/cors`).
// `cors` and the plugin are resolved through the file's imports and requires, never by name alone.
// An error when the server echoes any origin (`origin: true`, a match-all pattern or callback) with
// `credentials: true`: then any web site can call the API with the visitor's cookies. A literal `*` with
// credentials is a warning: browsers refuse credentialed responses carrying `*`. A hand-written
// `Access-Control-Allow-Origin: *` header is reported too (suggestion only: the fix is an allow-list check).
import ts from 'typescript';
import type { Finding, Fix, TextEdit } from '../../types';
import { compareVersions, type ProjectFacts } from '../../workspace/facts';
import { makeFinding } from '../context';
import { nodesInOrder, type ScriptFile, type ScriptRule } from '../scriptContext';
import { dottedName, offsetRange, scriptRange, stringValue, unwrap } from '../../parse/tsast';
import { moduleBindings, qualifyScript, type ModuleBindings, type ModuleRef } from '../../parse/tsimports';
import { appendArgumentEdits, appendPropertyEdits } from '../../parse/tsedit';
import { corsWildcardMeta as meta } from '../python/cors-wildcard';
import { hasSpread, isTrue, objectLiteral, property, resolveConst } from './options';
import { quoted } from './handlers';
import { isTestFile } from '../../secretDetector';

/**
 * Which package reads the options: an array holding `'*'` means every origin only in @fastify/cors. @koa/cors takes
 * a string or a function of `ctx` only, answers `*` when `origin` is unset (5.x; the caller's origin before) and
 * swaps `*` for the caller's origin when `credentials` is set (README, index.js).
 */
type Library = 'cors' | 'fastify' | 'koa';
type Kind = 'wildcard' | 'reflect';

interface Problem {
  kind: Kind;
  /** What the message names: `` `origin: '*'` ``, `` `cors()` without `origin` ``… */
  what: string;
  at: ts.Node;
  credentials: boolean;
  edits: TextEdit[];
  /** `process.env.X || '*'`: the fix only drops the fallback. */
  fallback?: boolean;
  /** A hand-written header: no edit, only a suggestion. */
  header?: boolean;
  /** Only a suggestion, with this title (no edit keeps the behaviour the message asks for). */
  advice?: string;
}

const ENV = 'CORS_ORIGINS';
/** `res.setHeader(…)`, `res.header(…)`, `res.set(…)` (Express), `reply.header(…)` (Fastify), `headers.set/append(…)`. */
const HEADER_METHODS = /^(setHeader|header|set|append)$/;
const ALLOW_ORIGIN = 'access-control-allow-origin';
const FASTIFY_PLUGINS = ['@fastify/cors', 'fastify-cors'];

function check(file: ScriptFile, facts: ProjectFacts): Finding[] {
  if (!/cors|access-control-allow-origin/i.test(file.text)) return [];
  const source = file.source;
  const bindings = moduleBindings(source, file.nodes);
  const nest = importsNest(source, bindings);
  const koaVersion = facts.script.packages.get('@koa/cors');
  // before 5.0 an unset `origin` echoed the caller's; unknown versions are read as current
  const koaEchoesByDefault = !!koaVersion && compareVersions(koaVersion, '5.0.0') < 0;
  const problems: Problem[] = [];
  for (const node of nodesInOrder(file, [ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.CallExpression])) {
    if (ts.isPropertyAssignment(node)) problems.push(...headerProperty(file, node));
    if (!ts.isCallExpression(node)) continue;
    const callee = node.expression;
    const ref = qualifyScript(callee, bindings);
    if (ref && isMain(ref, 'cors')) {
      problems.push(...middleware(file, node, calleeName(callee), 'cors', '`cors()`'));
    } else if (ref && isMain(ref, '@koa/cors')) {
      problems.push(...middleware(file, node, calleeName(callee), 'koa', '`cors()`', koaEchoesByDefault));
    } else if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const plugin = node.arguments[0] && qualifyScript(node.arguments[0], bindings);
      if (method === 'register' && plugin && isFastifyCors(plugin)) {
        problems.push(...fastifyRegister(file, node));
      } else if (method === 'enableCors' && nest) {
        problems.push(...middleware(file, node, callee.name, 'cors', '`enableCors()`'));
      } else if (ref?.module === '@nestjs/core' && ref.path.join('.') === 'NestFactory.create') {
        problems.push(...nestCreate(file, node));
      } else if (HEADER_METHODS.test(method)) {
        problems.push(...headerCall(file, node));
      }
    }
  }
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const p of problems) {
    const f = toFinding(file, p);
    const key = JSON.stringify(f.range);
    if (seen.has(key)) continue; // one options object shared by two calls: one finding
    seen.add(key);
    findings.push(f);
  }
  return isTestFile(file.file) ? findings.map((f) => ({ ...f, severity: 'info' as const })) : findings;
}

/** A Nest file: it imports from `@nestjs/*` (type-only imports count: `setup(app: INestApplication)`). */
function importsNest(source: ts.SourceFile, bindings: ModuleBindings): boolean {
  return source.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith('@nestjs/'))
    || [...bindings.values()].some((r) => r.module.startsWith('@nestjs/'));
}

function isMain(ref: ModuleRef, module: string): boolean {
  return ref.module === module && ref.path.length === 0;
}

function isFastifyCors(ref: ModuleRef): boolean {
  return FASTIFY_PLUGINS.includes(ref.module) && (ref.path.length === 0 || ref.path.join('.') === 'fastifyCors');
}

function calleeName(callee: ts.Expression): ts.Node {
  const e = unwrap(callee);
  return ts.isPropertyAccessExpression(e) ? e.name : e;
}

/** Values that make the fix's edit: the origins from the environment, none while it is unset. */
function originsFromEnv(file: ScriptFile, library: Library = 'cors'): string {
  const q = (s: string) => quoted(file.source, s);
  const list = `process.env.${ENV}?.split(${q(',')}) ?? []`;
  // @koa/cors takes no list: a function answering the caller's origin when listed, else '' (no CORS headers)
  return library === 'koa' ? `(ctx) => (${list}).find((o) => o === ctx.get(${q('Origin')})) ?? ${q('')}` : list;
}

/** `cors(options?)`, Nest's `app.enableCors(options?)` (which hands its options to `cors`) and `@koa/cors`. */
function middleware(file: ScriptFile, call: ts.CallExpression, name: ts.Node, library: Library, label: string, koaEchoes = false): Problem[] {
  const [options] = call.arguments;
  if (!options) {
    return [{ kind: koaEchoes ? 'reflect' : 'wildcard', what: `${label} without options, which allows every origin`, at: name, credentials: false,
      edits: appendArgumentEdits(file.source, call, `{ origin: ${originsFromEnv(file, library)} }`) }];
  }
  const obj = objectLiteral(file.source, options);
  return obj ? fromOptions(file, obj, name, library, label, koaEchoes) : []; // a delegate or a variable: unknown
}

/** `fastify.register(cors, options?)`. */
function fastifyRegister(file: ScriptFile, call: ts.CallExpression): Problem[] {
  const [plugin, options] = call.arguments;
  if (!options) {
    return [{ kind: 'wildcard', what: 'the CORS plugin registered without options, which allows every origin', at: plugin, credentials: false,
      edits: appendArgumentEdits(file.source, call, `{ origin: ${originsFromEnv(file)} }`) }];
  }
  const obj = objectLiteral(file.source, options);
  if (!obj || property(file.source, obj, 'delegator')) return [];
  return fromOptions(file, obj, plugin, 'fastify', 'the CORS plugin');
}

/** `NestFactory.create(AppModule, { cors: true })` or `{ cors: { … } }`. */
function nestCreate(file: ScriptFile, call: ts.CallExpression): Problem[] {
  for (const arg of call.arguments) {
    const obj = objectLiteral(file.source, arg);
    const cors = obj && property(file.source, obj, 'cors');
    if (!cors?.value) continue;
    if (isTrue(cors.value)) {
      const replace = cors.written ?? cors.node;
      const newText = `${cors.written ? '' : 'cors: '}{ origin: ${originsFromEnv(file)} }`;
      return [{ kind: 'wildcard', what: '`cors: true`, which allows every origin', at: cors.node, credentials: false,
        edits: [{ range: scriptRange(file.source, replace), newText }] }];
    }
    const options = objectLiteral(file.source, cors.value);
    if (options) return fromOptions(file, options, cors.node.name ?? cors.node, 'cors', '`cors`');
  }
  return [];
}

/** `res.setHeader('Access-Control-Allow-Origin', '*')`: the header written by hand. */
function headerCall(file: ScriptFile, call: ts.CallExpression): Problem[] {
  const [name, value] = call.arguments;
  if (!value || stringValue(name)?.toLowerCase() !== ALLOW_ORIGIN || stringValue(resolveConst(file.source, value)) !== '*') return [];
  return [{ kind: 'wildcard', what: 'the header `Access-Control-Allow-Origin: *`', at: value, credentials: false, edits: [], header: true }];
}

/** `res.writeHead(200, { 'Access-Control-Allow-Origin': '*' })`, `new Response(body, { headers: { … } })`. */
function headerProperty(file: ScriptFile, prop: ts.PropertyAssignment): Problem[] {
  const key = ts.isStringLiteral(prop.name) || ts.isIdentifier(prop.name) ? prop.name.text : undefined;
  if (key?.toLowerCase() !== ALLOW_ORIGIN || stringValue(resolveConst(file.source, prop.initializer)) !== '*') return [];
  const obj = prop.parent;
  const holder = obj.parent;
  const isHeaders = ts.isCallExpression(holder) || ts.isNewExpression(holder)
    || (ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === 'headers');
  return isHeaders ? [{ kind: 'wildcard', what: 'the header `Access-Control-Allow-Origin: *`', at: prop.initializer, credentials: false, edits: [], header: true }] : [];
}

/** The origin an options object allows; `missingAt` carries the finding when `origin` is left out. */
function fromOptions(file: ScriptFile, obj: ts.ObjectLiteralExpression, missingAt: ts.Node, library: Library, label: string, koaEchoes = false): Problem[] {
  const source = file.source;
  const origin = property(source, obj, 'origin');
  const credentials = isTrue(property(source, obj, 'credentials')?.value);
  if (!origin) {
    if (hasSpread(obj)) return []; // `{ ...base }` may set it
    const edits = appendPropertyEdits(source, obj, `origin: ${originsFromEnv(file, library)}`);
    if (library === 'koa' && (koaEchoes || credentials)) {
      const why = koaEchoes ? 'which echoes the caller\'s origin before @koa/cors 5' : 'which @koa/cors turns into the caller\'s origin when `credentials` is set';
      return [{ kind: 'reflect', what: `${label} without \`origin\`, ${why}`, at: missingAt, credentials, edits }];
    }
    return [{ kind: 'wildcard', what: `${label} without \`origin\`, which defaults to \`*\``, at: missingAt, credentials, edits }];
  }
  const node = origin.node;
  const key = node.name ?? node;
  const replaceWhole = (): TextEdit[] => [{ range: scriptRange(source, node), newText: `origin: ${originsFromEnv(file, library)}` }];
  const replaceValue = (): TextEdit[] => (origin.written
    ? [{ range: scriptRange(source, origin.written), newText: originsFromEnv(file, library) }] : replaceWhole());
  const at = origin.written && !ts.isFunctionLike(unwrap(origin.written)) ? origin.written : key;

  if (ts.isMethodDeclaration(node)) {
    const every = library === 'koa' ? echoesCtxOrigin(node) : allowsEveryOrigin(node);
    return every ? [{ kind: 'reflect', what: 'an `origin` callback that accepts every origin', at: key, credentials, edits: replaceWhole() }] : [];
  }
  const value = origin.value && unwrap(origin.value);
  if (!value) return [];
  const kind = originKind(value, library);
  // @koa/cors answers `*` with credentials by echoing the caller's origin
  if (kind === 'wildcard' && library === 'koa' && credentials) {
    return [{ kind: 'reflect', what: `${describe(value, kind, origin.written ?? value)}, which @koa/cors turns into the caller's origin when \`credentials\` is set`,
      at, credentials, edits: replaceValue() }];
  }
  if (kind) return [{ kind, what: describe(value, kind, origin.written ?? value), at, credentials, edits: replaceValue() }];
  // `process.env.ORIGIN || '*'`: every origin whenever the variable is missing
  if (ts.isBinaryExpression(value) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(value.operatorToken.kind)) {
    const fallback = resolveConst(source, value.right);
    const fallbackKind = originKind(unwrap(fallback), library);
    if (fallbackKind && library === 'koa') {
      // '' would not do: @koa/cors reads an empty `origin` as `*`
      return [{ kind: credentials ? 'reflect' : fallbackKind, at: value.right, credentials, edits: [],
        what: `\`origin\` falls back to ${oneLine(value.right.getText(source))} when \`${oneLine(value.left.getText(source))}\` is not set`,
        advice: 'Fail at start-up when the variable is not set, or use an `origin` function that answers only listed origins (an empty string also means `*` to @koa/cors)' }];
    }
    if (fallbackKind) {
      return [{ kind: fallbackKind, fallback: true, at: value.right, credentials,
        what: `\`origin\` falls back to ${oneLine(value.right.getText(source))} when \`${oneLine(value.left.getText(source))}\` is not set`,
        edits: [{ range: scriptRange(source, value.right), newText: '[]' }] }];
    }
  }
  return [];
}

/** `'*'` (and `['*']` for @fastify/cors), or a value that echoes every origin back. */
function originKind(value: ts.Expression, library: Library): Kind | undefined {
  if (stringValue(value) === '*') return 'wildcard';
  if (library === 'koa') { // only strings and functions of `ctx`: `true` or a RegExp would be sent as text
    return (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && echoesCtxOrigin(value) ? 'reflect' : undefined;
  }
  if (library === 'fastify' && ts.isArrayLiteralExpression(value) && value.elements.some((e) => stringValue(e) === '*')) return 'wildcard';
  if (isTrue(value)) return 'reflect';
  if (ts.isRegularExpressionLiteral(value) && matchesEverything(value.text)) return 'reflect';
  if ((ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && allowsEveryOrigin(value)) return 'reflect';
  return undefined;
}

/** `/.*\/`, `/^.*$/`, `/.+/`, `/https?:\/\/.*\/`. */
function matchesEverything(regex: string): boolean {
  const body = regex.slice(1, regex.lastIndexOf('/'));
  return /^\^?(\.\*|\.\+|https\?:\\\/\\\/\.[*+])\$?$/.test(body);
}

/** `(origin, cb) => cb(null, true)` or `cb(null, origin)`: the callback allows whatever asks. */
function allowsEveryOrigin(fn: ts.SignatureDeclaration): boolean {
  const [originParam, cbParam] = fn.parameters;
  if (!cbParam || !ts.isIdentifier(cbParam.name)) return false;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  let expr: ts.Expression | undefined;
  if (body && ts.isBlock(body)) {
    if (body.statements.length !== 1) return false;
    const s = body.statements[0];
    expr = ts.isExpressionStatement(s) || ts.isReturnStatement(s) ? s.expression : undefined;
  } else expr = body;
  if (!expr || !ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== cbParam.name.text) return false;
  const [err, allowed] = expr.arguments;
  const origin = originParam && ts.isIdentifier(originParam.name) ? originParam.name.text : undefined;
  return err?.kind === ts.SyntaxKind.NullKeyword && !!allowed
    && (isTrue(allowed) || (ts.isIdentifier(allowed) && allowed.text === origin));
}

/** @koa/cors `origin(ctx)` returning the request's own Origin: `ctx.get('Origin')`, `ctx.headers.origin`, maybe `|| '*'`. */
function echoesCtxOrigin(fn: ts.SignatureDeclaration): boolean {
  const [ctxParam] = fn.parameters;
  if (!ctxParam || !ts.isIdentifier(ctxParam.name)) return false;
  const ctx = ctxParam.name.text;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  let expr: ts.Expression | undefined;
  if (body && ts.isBlock(body)) {
    const s = body.statements.length === 1 ? body.statements[0] : undefined;
    expr = s && ts.isReturnStatement(s) ? s.expression : undefined;
  } else expr = body;
  expr = expr && unwrap(expr);
  if (expr && ts.isBinaryExpression(expr) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(expr.operatorToken.kind)) {
    expr = unwrap(expr.left);
  }
  if (!expr) return false;
  // ctx.get('Origin') / ctx.request.get('origin')
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'get') {
    const target = dottedName(expr.expression.expression);
    return (target === ctx || target === `${ctx}.request`) && stringValue(expr.arguments[0])?.toLowerCase() === 'origin';
  }
  // ctx.headers.origin, ctx.request.header.origin
  const name = dottedName(expr);
  return !!name && new RegExp(`^${ctx}(\\.request)?\\.headers?\\.origin$`).test(name);
}

function describe(value: ts.Expression, kind: Kind, written: ts.Expression): string {
  if (ts.isFunctionLike(value)) return 'an `origin` callback that accepts every origin';
  if (ts.isRegularExpressionLiteral(value)) return `\`origin: ${value.text}\`, which matches every origin`;
  const text = `\`origin: ${oneLine(written.getText())}\``;
  return kind === 'reflect' ? `${text}, which echoes every caller's origin` : text;
}

function toFinding(file: ScriptFile, p: Problem): Finding {
  let message: string;
  let severity: 'error' | 'warning' = 'warning';
  if (p.kind === 'reflect' && p.credentials) {
    severity = 'error';
    message = `CORS accepts every origin (${p.what}) together with \`credentials: true\`: the browser sends cookies and the server echoes the caller's origin, so any web site can act as the signed-in user. List the front-end origins explicitly.`;
  } else if (p.credentials) {
    message = `CORS allows every origin (${p.what}). With \`credentials: true\` browsers refuse the \`*\` answer for requests that carry cookies, so signed-in calls fail while anonymous ones stay open to every site. List the front-end origins explicitly.`;
  } else {
    message = `CORS allows every origin (${p.what}): any web site can call this API from a visitor's browser. List the front-end origins explicitly (for example from the environment), unless this is a public API.`;
  }
  const fix: Fix = p.advice
    ? { title: p.advice, safety: 'display-only', edits: [] }
    : p.header
    ? { title: 'Send `Access-Control-Allow-Origin` only for origins in an allow-list (for example with `cors({ origin: allowedOrigins })`); which origins is deployment knowledge: no automatic edit',
      safety: 'display-only', edits: [] }
    : p.fallback
    ? { title: 'Allow no origin when the variable is not set (`[]` instead of the fallback)', safety: 'unsafe', preferred: true,
      edits: [{ file: file.file, edits: p.edits }] }
    : { title: `Read the allowed origins from \`${ENV}\` (comma-separated; none are allowed while it is not set)`, safety: 'unsafe', preferred: true,
      edits: [{ file: file.file, edits: p.edits }] };
  const range = offsetRange(file.source, p.at.getStart(file.source), p.at.getEnd());
  return makeFinding(meta, file.file, range, message, [fix], { severity });
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

export const corsWildcardScript: ScriptRule = { meta, check };
