// Shared by the error-handling rules (broad-except, bare-except, swallowed-exception, raise-without-from,
// log-error-without-traceback): what an `except` handler catches, whether it re-raises or logs the
// traceback, which logger the module uses, and the edits the fixes share (chain with `from`, log the
// traceback, add imports).
//
// Ownership, so one handler never gets two findings that say the same thing: a catch-all handler
// (`except:`, `except Exception`, `except BaseException`) that neither re-raises nor logs the traceback
// belongs to broad-except / bare-except (see `ownedByCatchAll`); the other rules skip such handlers.
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../types';
import type { LineIndex } from '../../text';
import type { PythonFile } from '../context';
import { descendantsInScope, keywordArgument, nodeRange } from '../../parse/pyast';
import { ensureImport, qualify, type ImportTable } from '../../parse/pyimports';
import type { ExceptionRef } from './narrowing';
import { boundInFunction } from './receivers';

export interface Handler {
  clause: Node;
  /** The handler's body. */
  block: Node;
  /** The caught type(s) as written (`ValueError`, `(A, B)`), without `as name`; null for a bare `except:`. */
  typeExpr: Node | null;
  /** The caught types one by one (tuple elements flattened). */
  types: Node[];
  /** `except E as name`. */
  bound?: string;
  /** The node after which ` as name` goes (the last type). */
  typeEnd: Node | null;
  tryStatement: Node | null;
  /** Memo of ownedByCatchAll. */
  owned?: boolean;
}

const handlerCache = new WeakMap<PythonFile, Handler[]>();

/** Every `except` handler of the file (computed once per analysis: five rules read them). */
export function handlersIn(file: PythonFile): Handler[] {
  const cached = handlerCache.get(file);
  if (cached) return cached;
  const out: Handler[] = [];
  handlerCache.set(file, out);
  for (const clause of file.nodes('except_clause')) {
    if (!clause) continue;
    const block = clause.namedChildren.find((c) => c?.type === 'block');
    if (!block) continue;
    const values = clause.childrenForFieldName('value').filter((v): v is Node => !!v);
    let bound: string | undefined;
    let exprs = values;
    if (values.length === 1 && values[0].type === 'as_pattern') {
      const pattern = values[0];
      const alias = pattern.childForFieldName('alias');
      const target = alias?.namedChildren.find((c) => c?.type === 'identifier');
      bound = target?.text;
      exprs = pattern.namedChildren.filter((c): c is Node => !!c && c.type !== 'as_pattern_target').slice(0, 1);
    }
    const types = exprs.flatMap(flattenTypes);
    // `except A, B:` (Python 3.14) has two value nodes and no single type expression.
    out.push({ clause, block, typeExpr: exprs.length === 1 ? exprs[0] : null, types, bound,
      typeEnd: exprs.length ? exprs[exprs.length - 1] : null, tryStatement: clause.parent });
  }
  return out;
}

function flattenTypes(n: Node): Node[] {
  if (n.type === 'tuple' || n.type === 'parenthesized_expression') {
    return n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').flatMap(flattenTypes);
  }
  return [n];
}

/** The text of the caught types for messages: `ValueError`, `KeyError or ValueError`. */
export function typesText(h: Handler): string {
  const names = h.types.map((t) => t.text);
  return names.length <= 1 ? (names[0] ?? 'BaseException') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Qualified name of a caught type: builtins stay bare (`ValueError`), imports resolve (`json.JSONDecodeError`). */
export function typeName(t: Node, imports: ImportTable): string {
  const q = qualify(t, imports);
  if (q) return q.replace(/^builtins\./, '');
  return t.text;
}

const CATCH_ALL = new Set(['Exception', 'BaseException']);

/** The `Exception` / `BaseException` element of the caught types, if any (not when shadowed by an import). */
export function catchAllElement(h: Handler, file: PythonFile): Node | undefined {
  return h.types.find((n) => {
    if (n.type === 'identifier') return CATCH_ALL.has(n.text) && !file.imports.names.has(n.text);
    const q = qualify(n, file.imports);
    return !!q && /^builtins\.(Exception|BaseException)$/.test(q);
  });
}

export function isBare(h: Handler): boolean { return h.types.length === 0; }

/** Raise statements that belong to this handler (not to a nested function, class or inner handler). */
export function handlerRaises(h: Handler): Node[] {
  return descendantsInScope(h.block, ['raise_statement']).filter((r) => {
    for (let p = r.parent; p && p.id !== h.block.id; p = p.parent) if (p.type === 'except_clause') return false;
    return true;
  });
}

function raisedExpression(r: Node): Node | undefined {
  return r.namedChildren.find((c): c is Node => !!c && c.type !== 'comment' && c.id !== r.childForFieldName('cause')?.id) ?? undefined;
}

/** True when the handler lets the caught exception propagate: `raise`, `raise err`, `raise X from err`. */
export function reRaises(h: Handler): boolean {
  return descendantsInScope(h.block, ['raise_statement']).some((r) => {
    const raised = raisedExpression(r);
    if (!raised) return true;
    if (h.bound && raised.text === h.bound) return true;
    return !!h.bound && r.childForFieldName('cause')?.text === h.bound;
  });
}

/** `raise X(...)` without `from` inside the handler (the handler's own raises, not a re-raise of the bound name). */
export function raisesWithoutFrom(h: Handler): Node[] {
  return handlerRaises(h).filter((r) => {
    const raised = raisedExpression(r);
    if (!raised || r.childForFieldName('cause')) return false;
    return !(h.bound && rootName(raised) === h.bound); // `raise err`, `raise err.with_traceback(tb)`
  });
}

function rootName(n: Node): string | undefined {
  let cur: Node | null = n;
  while (cur && (cur.type === 'attribute' || cur.type === 'call')) {
    cur = cur.type === 'attribute' ? cur.childForFieldName('object') : cur.childForFieldName('function');
  }
  return cur?.type === 'identifier' ? cur.text : undefined;
}

const LOG_LEVELS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'fatal']);
const TRACEBACK_CALLS = /^(traceback\.(print_exc|format_exc|print_exception|format_exception)|sentry_sdk\.capture_exception|sentry_sdk\.api\.capture_exception)$/;

/** A falsy literal: `exc_info=False` / `None` does not log the traceback. */
function isFalsy(n: Node | undefined): boolean {
  return !!n && ['False', 'None', '0'].includes(n.text);
}

/** True when the handler logs or reports the traceback (so the error is visible even if it is not re-raised). */
export function logsTraceback(h: Handler, file: PythonFile): boolean {
  return descendantsInScope(h.block, ['call']).some((call) => {
    const fn = call.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'exception') return true; // logger.exception
    const name = qualify(fn, file.imports);
    if (name && TRACEBACK_CALLS.test(name)) return true;
    if (name === 'logging.exception' || name === 'loguru.logger.exception') return true;
    // loguru: logger.opt(exception=True).error(...)
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'opt') {
      const e = keywordArgument(call, 'exception');
      if (e && !isFalsy(e)) return true;
    }
    const excInfo = keywordArgument(call, 'exc_info');
    return !!excInfo && !isFalsy(excInfo);
  });
}

/**
 * A catch-all handler that broad-except or bare-except reports (it catches everything and neither
 * re-raises nor logs the traceback). The other error-handling rules leave such handlers to them.
 */
export function ownedByCatchAll(h: Handler, file: PythonFile): boolean {
  h.owned ??= (isBare(h) || !!catchAllElement(h, file)) && !reRaises(h) && !logsTraceback(h, file);
  return h.owned;
}

// ---- loggers ---------------------------------------------------------------------------------------

export type LoggerFlavor = 'stdlib' | 'loguru' | 'other';
export interface LoggerRef { ref: string; flavor: LoggerFlavor; edits: TextEdit[] }

const LOGGER_FACTORIES = /^(logging\.getLogger|logging\.Logger|structlog\.(get_logger|getLogger|stdlib\.get_logger)|loguru\.logger\.bind)$/;

const loggerCache = new WeakMap<PythonFile, Map<string, LoggerFlavor>>();

/** Module-level `name = logging.getLogger(...)` (or structlog), or `from loguru import logger`. */
function moduleLoggers(file: PythonFile): Map<string, LoggerFlavor> {
  const cached = loggerCache.get(file);
  if (cached) return cached;
  const out = new Map<string, LoggerFlavor>();
  loggerCache.set(file, out);
  for (const stmt of file.root.namedChildren) {
    const a = stmt?.type === 'expression_statement' ? stmt.firstNamedChild : null;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    const callee = qualify(right.childForFieldName('function'), file.imports);
    if (callee && LOGGER_FACTORIES.test(callee)) {
      out.set(left.text, callee.startsWith('logging.') ? 'stdlib' : callee.startsWith('loguru.') ? 'loguru' : 'other');
    }
  }
  for (const [local, full] of file.imports.names) if (full === 'loguru.logger') out.set(local, 'loguru');
  return out;
}

/**
 * The logger a fix should use: a module logger (`logger`, `log`, … preferred in that order), else the
 * `logging` module (imported if needed).
 */
export function loggerFor(file: PythonFile): LoggerRef {
  const loggers = moduleLoggers(file);
  const names = [...loggers.keys()];
  const best = ['logger', 'log', '_logger', '_log', 'LOGGER', 'LOG'].find((n) => loggers.has(n)) ?? names[0];
  if (best) return { ref: best, flavor: loggers.get(best)!, edits: [] };
  const mod = ensureModuleImport(file.imports, file.lines, 'logging');
  return { ref: mod.ref, flavor: 'stdlib', edits: mod.edits };
}

export interface LoggerCall {
  call: Node;
  /** The `.error` identifier. */
  method: Node;
  level: string;
  flavor: LoggerFlavor;
  /** True when the receiver is known to be a `logging` logger (the module or a `logging.getLogger` result). */
  stdlibResolved: boolean;
}

/**
 * A call `<logger>.<level>(...)`: the receiver is the `logging` module, a module-level logger, an
 * imported `logger`, or a name that reads as a logger (`logger`, `log`, `self.logger`, `app.logger`,
 * `audit_log`, …). Arbitrary `.error(...)` calls (`parser.error`, `messages.error`) are not loggers.
 */
export function loggerCall(call: Node, file: PythonFile): LoggerCall | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute');
  const receiver = fn.childForFieldName('object');
  if (!method || !receiver || !LOG_LEVELS.has(method.text)) return undefined;
  const q = qualify(receiver, file.imports);
  if (q === 'logging') return { call, method, level: method.text, flavor: 'stdlib', stdlibResolved: true };
  if (q === 'loguru.logger') return { call, method, level: method.text, flavor: 'loguru', stdlibResolved: false };
  if (receiver.type === 'identifier') {
    // the scope walk only for names that are module loggers (`self.error()`, `parser.error()` are common)
    const flavor = moduleLoggers(file).get(receiver.text);
    if (flavor && !boundInFunction(receiver.text, call)) return { call, method, level: method.text, flavor, stdlibResolved: flavor === 'stdlib' };
  }
  if (receiver.type === 'call') {
    const callee = qualify(receiver.childForFieldName('function'), file.imports);
    if (callee === 'logging.getLogger') return { call, method, level: method.text, flavor: 'stdlib', stdlibResolved: true };
    return undefined;
  }
  const tail = (receiver.type === 'attribute' ? receiver.childForFieldName('attribute')?.text : receiver.type === 'identifier' ? receiver.text : undefined)
    ?.replace(/^_+/, '').toLowerCase();
  if (!tail || !/^(log|logger|logging)$|_log$|_?logger$/.test(tail)) return undefined;
  return { call, method, level: method.text, flavor: 'other', stdlibResolved: false };
}

/** Logger calls of the handler that do not pass `exc_info`. */
export function loggerCallsIn(h: Handler, file: PythonFile): LoggerCall[] {
  return descendantsInScope(h.block, ['call']).map((c) => loggerCall(c, file))
    .filter((c): c is LoggerCall => !!c && !keywordArgument(c.call, 'exc_info'));
}

// ---- fixes -----------------------------------------------------------------------------------------

/** `import module` unless the module is already bound (returns the name to use). Goes where ensureImport puts imports. */
export function ensureModuleImport(imports: ImportTable, lines: LineIndex, module: string): { ref: string; edits: TextEdit[] } {
  for (const [local, full] of imports.names) if (full === module) return { ref: local, edits: [] };
  const first = imports.firstStatement;
  const docstring = first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string' ? first : undefined;
  const after = imports.lastImport ?? docstring;
  const line = after ? after.endPosition.row + 1 : 0;
  const at = { line, character: 0 };
  const needsBreak = !!after && line >= lines.lineCount;
  return { ref: module, edits: [{ range: { start: at, end: at }, newText: `${needsBreak ? lines.eol : ''}import ${module}${lines.eol}` }] };
}

/** Names to use for exceptions, and the import edits they need (names of one module share one import line). */
export function importExceptions(file: PythonFile, refs: ExceptionRef[]): { names: string[]; edits: TextEdit[] } {
  const edits: TextEdit[] = [];
  const names = refs.map((r) => {
    if (!r.module) return r.name;
    const imported = ensureImport(file.imports, file.lines, r.module, r.name);
    edits.push(...imported.edits);
    return imported.ref;
  });
  return { names, edits: mergeSameSpotInserts(edits) };
}

/**
 * Inserts at the same spot must become one edit, or their order is undefined. A new
 * `from m import b` joins a `from m import a` line inserted there: `from m import a, b`.
 */
export function mergeSameSpotInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => samePoint(o, e));
    if (!same) { out.push({ ...e }); continue; }
    const m = /^(?:\r?\n)?from (\S+) import (\w+)\r?\n$/.exec(e.newText);
    const line = m ? new RegExp(`(?:^|\\n)from ${m[1].replace(/\./g, '\\.')} import [\\w, ]+(?=\\r?\\n)`).exec(same.newText) : null;
    if (m && line) {
      const end = line.index + line[0].length;
      same.newText = `${same.newText.slice(0, end)}, ${m[2]}${same.newText.slice(end)}`;
    } else same.newText += e.newText.replace(/^\r?\n/, '');
  }
  return out;
}

function samePoint(a: TextEdit, b: TextEdit): boolean {
  const empty = (e: TextEdit) => e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character;
  return empty(a) && empty(b) && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

/** A name for `except E as <name>` that the enclosing function (or module) does not use yet. */
export function freshName(h: Handler): string {
  let scope: Node | null = h.clause;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  const text = scope?.text ?? '';
  return ['err', 'exc', 'error', 'exc_'].find((n) => !new RegExp(`\\b${n}\\b`).test(text)) ?? 'caught_exc';
}

/** The edit that binds the caught exception (`except E:` → `except E as err:`), or none when already bound. */
export function bindEdits(h: Handler, name: string): TextEdit[] {
  if (h.bound) return [];
  if (!h.typeExpr && h.types.length > 1) {
    // `except A, B:` (Python 3.14) needs parentheses once it binds a name.
    const range = { start: nodeRange(h.types[0]).start, end: nodeRange(h.typeEnd!).end };
    return [{ range, newText: `(${h.types.map((t) => t.text).join(', ')}) as ${name}` }];
  }
  if (h.typeEnd) {
    const end = nodeRange(h.typeEnd).end;
    return [{ range: { start: end, end }, newText: ` as ${name}` }];
  }
  // bare `except:` catches exactly what `except BaseException` catches.
  const kw = h.clause.child(0)!;
  const end = nodeRange(kw).end;
  return [{ range: { start: end, end }, newText: ` BaseException as ${name}` }];
}

/** `raise X(...)` → `raise X(...) from <cause>` for the given raises, binding the exception if needed. */
export function chainFix(file: PythonFile, h: Handler, raises: Node[], cause: 'bound' | 'None', preferred: boolean): Fix {
  const name = h.bound ?? freshName(h);
  const target = cause === 'None' ? 'None' : name;
  const edits: TextEdit[] = cause === 'None' ? [] : bindEdits(h, name);
  for (const r of raises) {
    const raised = raisedExpression(r)!;
    const end = nodeRange(raised).end;
    edits.push({ range: { start: end, end }, newText: ` from ${target}` });
  }
  const title = cause === 'None'
    ? 'Hide the original exception on purpose (`from None`)'
    : `Chain the original exception (\`from ${name}\`)`;
  return { title, safety: 'unsafe', preferred, edits: [{ file: file.file, edits }] };
}

/** Name of the enclosing function (`Class.method` for methods), for log messages. */
export function functionLabel(node: Node): string | undefined {
  let fn: Node | null = node.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const name = fn?.childForFieldName('name')?.text;
  if (!fn || !name) return undefined;
  let cls: Node | null = fn.parent;
  while (cls && cls.type !== 'class_definition' && cls.type !== 'function_definition') cls = cls.parent;
  const clsName = cls?.type === 'class_definition' ? cls.childForFieldName('name')?.text : undefined;
  return clsName ? `${clsName}.${name}` : name;
}

/** A Python string literal (log messages without arguments are not %-formatted: no escaping of `%`). */
function pyString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Makes the handler log the traceback. An existing `logger.error(...)` becomes `logger.exception(...)`;
 * another level gets `exc_info=True` (loguru: `.opt(exception=True)`); otherwise a new call is inserted
 * at the top of the handler: `logger.exception(message)` (`level: 'exception'`) or
 * `logger.warning(message, exc_info=True)` (`level: 'warning'`).
 */
export function logTracebackFix(file: PythonFile, h: Handler, level: 'exception' | 'warning', message: string, preferred: boolean): Fix | undefined {
  const existing = loggerCallsIn(h, file).filter((c) => c.level !== 'exception');
  const errorCall = existing.find((c) => c.level === 'error');
  if (level === 'exception' && errorCall) {
    const recv = errorCall.call.childForFieldName('function')!.childForFieldName('object')!.text;
    return { title: `Log the traceback: \`${recv}.exception(...)\` instead of \`${recv}.error(...)\``, safety: 'unsafe', preferred,
      edits: [{ file: file.file, edits: [{ range: nodeRange(errorCall.method), newText: 'exception' }] }] };
  }
  if (existing.length) {
    const c = existing[0];
    const recv = c.call.childForFieldName('function')!.childForFieldName('object')!;
    const edit = excInfoEdit(c, recv);
    if (!edit) return undefined;
    const title = c.flavor === 'loguru' ? `Log the traceback: \`${recv.text}.opt(exception=True).${c.level}(...)\``
      : `Log the traceback: add \`exc_info=True\` to \`${recv.text}.${c.level}(...)\``;
    return { title, safety: 'unsafe', preferred,
      edits: [{ file: file.file, edits: [edit] }] };
  }
  const stmts = h.block.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  const first = stmts[0];
  if (!first) return undefined;
  // A handler that is only `pass` (or `...`) gets the call instead of it.
  const onlyPass = stmts.length === 1 && (first.type === 'pass_statement'
    || (first.type === 'expression_statement' && first.firstNamedChild?.type === 'ellipsis'));
  const logger = loggerFor(file);
  const call = logger.flavor === 'loguru'
    ? `${logger.ref}.opt(exception=True).${level === 'exception' ? 'error' : 'warning'}(${pyString(message)})`
    : level === 'exception' ? `${logger.ref}.exception(${pyString(message)})` : `${logger.ref}.warning(${pyString(message)}, exc_info=True)`;
  const sameLine = first.startPosition.row === h.clause.startPosition.row;
  const indent = file.lines.lineText(first.startPosition.row).match(/^\s*/)![0];
  const at = nodeRange(first).start;
  const insert: TextEdit = onlyPass ? { range: nodeRange(first), newText: call }
    : { range: { start: at, end: at }, newText: sameLine ? `${call}; ` : `${call}${file.lines.eol}${indent}` };
  const shown = logger.flavor === 'loguru' ? `${logger.ref}.opt(exception=True)` : level === 'exception' ? `${logger.ref}.exception(...)` : `${logger.ref}.warning(..., exc_info=True)`;
  return { title: `Log the traceback with \`${shown}\``, safety: 'unsafe', preferred,
    edits: [{ file: file.file, edits: mergeSameSpotInserts([...logger.edits, insert]) }] };
}

/** `exc_info=True` added to a logger call (loguru: `.opt(exception=True)` before the level method). */
function excInfoEdit(c: LoggerCall, receiver: Node): TextEdit | undefined {
  if (c.flavor === 'loguru') {
    const end = nodeRange(receiver).end;
    return { range: { start: end, end }, newText: '.opt(exception=True)' };
  }
  const args = c.call.childForFieldName('arguments');
  const items = args?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? [];
  if (!args || items.length === 0) return undefined;
  const last = items[items.length - 1];
  const end = nodeRange(last).end;
  return { range: { start: end, end }, newText: ', exc_info=True' };
}

/** The re-raise fix: keep the handling, then `raise`. A trailing `pass`/`return`/`continue`/`break` becomes `raise`. */
export function reRaiseFix(file: PythonFile, h: Handler, preferred: boolean): Fix | undefined {
  const last = h.block.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment').pop();
  if (!last || last.type === 'raise_statement') return undefined;
  const terminal = ['pass_statement', 'return_statement', 'continue_statement', 'break_statement'].includes(last.type);
  const indent = file.lines.lineText(last.startPosition.row).match(/^\s*/)![0];
  const end = nodeRange(last).end;
  const edit: TextEdit = terminal
    ? { range: nodeRange(last), newText: 'raise' }
    : { range: { start: end, end }, newText: last.startPosition.row === h.clause.startPosition.row
      ? '; raise' : `${file.lines.eol}${indent}raise` };
  return { title: 'Re-raise the exception after handling it', safety: 'unsafe', preferred, edits: [{ file: file.file, edits: [edit] }] };
}
