// swallowed-exception: a handler of a specific exception whose body only `pass`es, `continue`s or returns
// a constant, without logging: the error disappears without a trace. After Ruff S110 / S112 (and SIM105
// for the `contextlib.suppress` fix). Catch-all handlers (`except:`, `except Exception`) belong to
// bare-except / broad-except, which report the same handler at a higher severity: they are skipped here.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta, Severity } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange, stringValue } from '../../parse/pyast';
import { ensureImport } from '../../parse/pyimports';
import { catchAllElement, functionLabel, handlersIn, isBare, logTracebackFix, mergeSameSpotInserts, typeName, typesText, type Handler } from './handlers';
import { nodeIndex } from '../../parse/nodeIndex';

const meta: RuleMeta = {
  id: 'swallowed-exception',
  family: 'error-handling',
  category: 'Error handling',
  defaultSeverity: 'info',
  languages: ['python'],
  summary: 'An `except` handler that only passes, continues or returns a constant throws the error away without a trace.',
  fixSafety: 'unsafe',
  foreignCodes: ['S110', 'S112', 'SIM105'],
};

/**
 * Exceptions that are control flow, where ignoring them is the idiom (EAFP lookups, optional imports,
 * idempotent clean-up, end of iteration, Ctrl-C, awaiting a cancelled task, polling a queue, "not found").
 */
const EXPECTED = /^(KeyError|IndexError|LookupError|AttributeError|StopIteration|StopAsyncIteration|GeneratorExit|ImportError|ModuleNotFoundError|FileNotFoundError|FileExistsError|ProcessLookupError|KeyboardInterrupt|asyncio\.(exceptions\.)?CancelledError|concurrent\.futures\.CancelledError|queue\.(Empty|Full)|asyncio\.(QueueEmpty|QueueFull))$|(DoesNotExist|NotFound|NotFoundError|NoResultFound)$/;

/** Bad input turned into a fallback value: often deliberate, reported as a hint only. */
const VALUE_ERRORS = /^(ValueError|TypeError|UnicodeError|UnicodeDecodeError|UnicodeEncodeError|ArithmeticError|ZeroDivisionError|OverflowError|json\.(decoder\.)?JSONDecodeError|decimal\.(InvalidOperation|DecimalException)|binascii\.Error|pydantic\.ValidationError|pydantic_core(\._pydantic_core)?\.ValidationError)$/;

type Silent = { kind: 'pass' | 'continue' | 'return'; value?: string };

function check(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  for (const h of handlersIn(file)) {
    if (isBare(h) || catchAllElement(h, file)) continue; // broad-except / bare-except own these
    const silent = silentBody(h);
    if (!silent || explained(h) || isPredicate(h, silent)) continue;
    const names = h.types.map((t) => typeName(t, file.imports));
    const unexpected = names.filter((n) => !EXPECTED.test(n));
    if (unexpected.length === 0) continue;
    const severity: Severity = unexpected.every((n) => VALUE_ERRORS.test(n)) ? 'hint' : meta.defaultSeverity;
    const at = h.typeExpr ?? { start: nodeRange(h.types[0]).start, end: nodeRange(h.types[h.types.length - 1]).end };
    findings.push(makeFinding(meta, file.file, at, message(h, silent), fixesFor(file, h, silent), { severity }));
  }
  return findings;
}

function message(h: Handler, silent: Silent): string {
  const what = `\`except ${h.typeExpr?.text ?? h.types.map((t) => t.text).join(', ')}\``;
  switch (silent.kind) {
    case 'pass':
      return `${what} throws the error away: the handler only \`pass\`es and nothing is logged. Log it, or if ignoring it is intended, say so with \`contextlib.suppress(...)\`.`;
    case 'continue':
      return `${what} skips to the next iteration without logging the error, so the items it drops go unnoticed: log it (with \`exc_info=True\`) or let it propagate.`;
    default:
      return `${what} turns the error into \`return${silent.value ? ` ${silent.value}` : ''}\` without logging it: the caller cannot tell a failure from a real result and nobody sees why. Log it, or let it propagate.`;
  }
}

/**
 * The "can this be parsed?" predicate: the `try` ends with `return True` and the handler returns
 * `False` (or the reverse). The exception *is* the answer there, not a failure to hide:
 * `try: uuid.UUID(value); return True / except ValueError: return False`.
 */
function isPredicate(h: Handler, silent: Silent): boolean {
  if (silent.kind !== 'return' || !['True', 'False'].includes(silent.value ?? '')) return false;
  const body = h.clause.parent?.childForFieldName('body');
  const last = body?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment').pop();
  const returned = last?.type === 'return_statement' ? last.firstNamedChild?.text : undefined;
  return returned !== undefined && ['True', 'False'].includes(returned) && returned !== silent.value;
}

/** A comment in the handler (not a tool directive) explains why the error is ignored: a reviewed decision. */
function explained(h: Handler): boolean {
  return nodeIndex(h.clause).within(h.clause, 'comment').some((c) => !!c && !DIRECTIVE.test(c.text));
}

const DIRECTIVE = /^#\s*(noqa\b|type:|pylint:|pyright:|mypy:|nosec\b|pragma\b|fmt:|isort:|readiness:)/i;

/** The handler's body when it only passes / continues / returns a constant (comments and `...` aside). */
function silentBody(h: Handler): Silent | undefined {
  const stmts = h.block.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  let silent: Silent | undefined;
  for (const s of stmts) {
    if (s.type === 'pass_statement' || isEllipsisOrString(s)) silent ??= { kind: 'pass' };
    else if (s.type === 'continue_statement') silent = { kind: 'continue' };
    else if (s.type === 'return_statement') {
      const value = s.namedChildren.find((c) => c?.type !== 'comment');
      if (value && !isConstant(value)) return undefined;
      silent = { kind: 'return', value: value?.text };
    } else return undefined;
  }
  return silent;
}

function isEllipsisOrString(s: Node): boolean {
  const e = s.type === 'expression_statement' ? s.firstNamedChild : null;
  return !!e && s.namedChildCount === 1 && (e.type === 'ellipsis' || stringValue(e) !== undefined);
}

const EMPTY_CONSTRUCTORS = new Set(['list', 'dict', 'set', 'tuple', 'frozenset', 'str']);

function isConstant(n: Node): boolean {
  switch (n.type) {
    case 'none': case 'true': case 'false': case 'integer': case 'float': case 'ellipsis':
      return true;
    case 'string': return stringValue(n) !== undefined;
    case 'unary_operator': return ['integer', 'float'].includes(n.childForFieldName('argument')?.type ?? '');
    case 'parenthesized_expression': case 'list': case 'tuple': case 'set':
      return n.namedChildren.every((c) => !c || c.type === 'comment' || isConstant(c));
    case 'dictionary':
      return n.namedChildren.every((c) => !c || c.type === 'comment'
        || (c.type === 'pair' && isConstant(c.childForFieldName('key')!) && isConstant(c.childForFieldName('value')!)));
    case 'call': {
      const fn = n.childForFieldName('function');
      return fn?.type === 'identifier' && EMPTY_CONSTRUCTORS.has(fn.text) && (n.childForFieldName('arguments')?.namedChildCount ?? 0) === 0;
    }
    default: return false;
  }
}

function fixesFor(file: PythonFile, h: Handler, silent: Silent): Fix[] {
  const where = functionLabel(h.clause);
  const types = typesText(h);
  const text = silent.kind === 'pass' ? `Ignoring ${types}` : silent.kind === 'continue' ? `Skipping an item after ${types}`
    : `Returning ${silent.value ?? 'None'} after ${types}`;
  const fixes: Fix[] = [];
  const log = logTracebackFix(file, h, 'warning', where ? `${text} in ${where}` : text, true);
  if (log) fixes.push(log);
  const suppress = silent.kind === 'pass' ? suppressFix(file, h) : undefined;
  if (suppress) fixes.push(suppress);
  return fixes;
}

/**
 * `try: <one statement> except E: pass` → `with contextlib.suppress(E): <statement>` (Ruff SIM105), only
 * for a single simple statement, one handler, no `else`/`finally` and no comments that would be lost.
 */
function suppressFix(file: PythonFile, h: Handler): Fix | undefined {
  const tryStmt = h.tryStatement;
  const body = tryStmt?.childForFieldName('body');
  if (!tryStmt || !body || nodeIndex(tryStmt).within(tryStmt, 'comment').length) return undefined;
  if (h.clause.children.some((c) => c?.type === '*')) return undefined; // except*: suppress() splits groups only from 3.12
  const clauses = tryStmt.namedChildren.filter((c) => c && c.type !== 'block' && c.type !== 'comment');
  if (clauses.length !== 1) return undefined; // other handlers, else, finally
  const stmts = body.namedChildren.filter((n): n is Node => !!n);
  if (stmts.length !== 1 || !SIMPLE.has(stmts[0].type) || stmts[0].startPosition.row === tryStmt.startPosition.row) return undefined;
  const imported = ensureImport(file.imports, file.lines, 'contextlib', 'suppress');
  const types = h.types.map((t) => t.text).join(', ');
  const indent = file.lines.lineText(stmts[0].startPosition.row).match(/^\s*/)![0];
  const replacement = `with ${imported.ref}(${types}):${file.lines.eol}${indent}${stmts[0].text}`;
  return { title: `Ignore it on purpose with \`${imported.ref}(${types})\``, safety: 'unsafe', preferred: false,
    edits: [{ file: file.file, edits: mergeSameSpotInserts([...imported.edits, { range: nodeRange(tryStmt), newText: replacement }]) }] };
}

const SIMPLE = new Set(['expression_statement', 'delete_statement']);

export const swallowedException: PythonRule = { meta, check };
