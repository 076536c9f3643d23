// Helpers shared by the secrets and hardening rules: settings classes (pydantic-settings `BaseSettings`)
// and dataclasses with their fields, argument removal, Optional annotations, `# nosec` for rules outside
// the secrets family, and settings-like modules.
import type { Node } from 'web-tree-sitter';
import { removeListItems } from '../../parse/pyedit';
import type { TextEdit } from '../../types';
import type { PythonFile } from '../context';
import { keywordArgument, nodeRange, positionalArguments } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import { dependencyAtLeast, type ProjectFacts } from '../../workspace/facts';
import { isTestFile } from '../../secretDetector';

export interface ClassField {
  /** The expression statement holding the assignment. */
  stmt: Node;
  assign: Node;
  name: Node;
  type: Node | null;
  right: Node | null;
  /** `Field(...)` / `field(...)` on the right-hand side. */
  fieldCall?: Node;
  /** The default's value node (`"x"` in `= "x"`, `Field("x")` or `field(default="x")`); undefined when required. */
  defaultNode?: Node;
}

export interface ConfigClass {
  kind: 'settings' | 'dataclass';
  cls: Node;
  name: string;
  body: Node;
  fields: ClassField[];
  /** Settings: pydantic 2 (`pydantic_settings`), 1, or unknown (a bare `BaseSettings` and no version in the manifests). */
  pydantic?: 2 | 1;
  /** Dataclass: `@dataclass(kw_only=True)`. */
  kwOnly?: boolean;
  /** Has base classes (a dataclass may inherit defaulted fields). */
  hasBases: boolean;
}

const SETTINGS_V2 = /^pydantic_settings(\.main)?\.BaseSettings$/;
const SETTINGS_V1 = /^pydantic(\.v1)?(\.env_settings)?\.BaseSettings$/;
const DATACLASS = /^(dataclasses\.dataclass|pydantic\.dataclasses\.dataclass)$/;

const cache = new WeakMap<PythonFile, ConfigClass[]>();

/** Settings classes (also subclasses of one in the same file) and dataclasses of the file. */
export function configClasses(file: PythonFile, facts?: ProjectFacts): ConfigClass[] {
  const cached = cache.get(file);
  if (cached) return cached;
  const out: ConfigClass[] = [];
  if (!/BaseSettings|dataclass/.test(file.text)) {
    cache.set(file, out);
    return out;
  }
  const settingsNames = new Map<string, 2 | 1 | undefined>();
  for (const cls of file.nodes('class_definition')) {
    if (!cls) continue;
    const body = cls.childForFieldName('body');
    const name = cls.childForFieldName('name')?.text ?? '';
    if (!body) continue;
    const bases = (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((b): b is Node => !!b && b.type !== 'keyword_argument');
    let version: 2 | 1 | undefined | null = null; // null = not a settings class
    for (const b of bases) {
      const q = qualify(b, file.imports) ?? '';
      if (SETTINGS_V2.test(q)) version = 2;
      else if (SETTINGS_V1.test(q)) version = 1;
      else if (b.text === 'BaseSettings' || b.text.endsWith('.BaseSettings')) {
        const v2 = facts ? dependencyAtLeast(facts, 'pydantic', '2.0') : undefined;
        version = v2 === true ? 2 : v2 === false ? 1 : undefined;
      }
      else if (b.type === 'identifier' && settingsNames.has(b.text)) version = settingsNames.get(b.text);
      if (version !== null) break;
    }
    if (version !== null) {
      settingsNames.set(name, version);
      out.push({ kind: 'settings', cls, name, body, fields: fieldsOf(body, file, 'settings'), pydantic: version, hasBases: true });
      continue;
    }
    const decorator = dataclassDecorator(cls, file);
    if (decorator) {
      const kwOnly = decorator.type === 'call' && keywordArgument(decorator, 'kw_only')?.type === 'true';
      out.push({ kind: 'dataclass', cls, name, body, fields: fieldsOf(body, file, 'dataclass'), kwOnly, hasBases: bases.length > 0 });
    }
  }
  cache.set(file, out);
  return out;
}

function dataclassDecorator(cls: Node, file: PythonFile): Node | undefined {
  if (cls.parent?.type !== 'decorated_definition') return undefined;
  for (const d of cls.parent.namedChildren) {
    if (d?.type !== 'decorator') continue;
    const expr = d.namedChildren.find((c) => c?.type !== 'comment');
    const target = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
    const q = qualify(target, file.imports);
    if (expr && (q ? DATACLASS.test(q) : target?.text === 'dataclass')) return expr;
  }
  return undefined;
}

function fieldsOf(body: Node, file: PythonFile, kind: 'settings' | 'dataclass'): ClassField[] {
  const out: ClassField[] = [];
  for (const stmt of body.namedChildren) {
    const assign = stmt?.type === 'expression_statement' ? stmt.firstNamedChild : undefined;
    if (!stmt || assign?.type !== 'assignment') continue;
    const name = assign.childForFieldName('left');
    const type = assign.childForFieldName('type');
    const right = assign.childForFieldName('right');
    if (name?.type !== 'identifier' || name.text.startsWith('_')) continue;
    if (type && /^(typing\.)?ClassVar\b/.test(type.text)) continue;
    if (kind === 'dataclass' && !type) continue; // not a field, a class attribute
    if (name.text === 'model_config' || name.text === 'Config') continue;
    const field: ClassField = { stmt, assign, name, type, right };
    if (right && isFieldCall(right, file, kind)) {
      field.fieldCall = right;
      const positional = kind === 'settings' ? positionalArguments(right)[0] : undefined;
      const d = keywordArgument(right, 'default') ?? positional;
      if (d && d.type !== 'ellipsis') field.defaultNode = d;
    } else if (right) field.defaultNode = right;
    out.push(field);
  }
  return out;
}

function isFieldCall(node: Node, file: PythonFile, kind: 'settings' | 'dataclass'): boolean {
  if (node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  const q = qualify(fn, file.imports);
  return kind === 'settings' ? (q ? /(^|\.)Field$/.test(q) : fn?.text === 'Field')
    : (q ? q === 'dataclasses.field' : fn?.text === 'field');
}

/** The argument node of a default inside `Field(...)`: the keyword argument, or the positional value. */
export function argumentOf(value: Node): Node {
  return value.parent?.type === 'keyword_argument' ? value.parent : value;
}

/** Removes one argument of a call with its separating comma (`f(a, b=1, c)` → `f(a, c)`). */
export function removeArgumentEdit(call: Node, arg: Node): TextEdit {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
  // The only argument: remove just it (`Field("x")` → `Field()`).
  return removeListItems(args, [arg])[0] ?? { range: nodeRange(arg), newText: '' };
}

/**
 * For an Optional annotation (`Optional[str]`, `str | None`, `None | str`, `Union[str, None]`), the
 * annotation without None; undefined when the annotation does not admit None.
 */
export function withoutNone(type: Node | null, file: PythonFile): string | undefined {
  const t = type?.type === 'type' ? type.firstNamedChild : type;
  if (!t) return undefined;
  if (t.type === 'binary_operator' && t.children.some((c) => c?.type === '|')) {
    const parts = flattenUnion(t).filter((p) => p.type !== 'none');
    return parts.length < flattenUnion(t).length ? parts.map((p) => p.text).join(' | ') : undefined;
  }
  if (t.type === 'generic_type' || t.type === 'subscript') {
    const head = t.type === 'generic_type' ? t.firstNamedChild : t.childForFieldName('value');
    const q = qualify(head, file.imports) ?? head?.text ?? '';
    const params = t.type === 'generic_type'
      ? (t.namedChildren.find((c) => c?.type === 'type_parameter')?.namedChildren ?? []).filter((n): n is Node => !!n)
      : t.childrenForFieldName('subscript').filter((n): n is Node => !!n);
    const text = (n: Node) => (n.type === 'type' ? n.firstNamedChild ?? n : n);
    if (/(^|\.)Optional$/.test(q) && params.length === 1) return text(params[0]).text;
    if (/(^|\.)Union$/.test(q)) {
      const rest = params.filter((p) => text(p).type !== 'none');
      if (rest.length < params.length && rest.length) return rest.map((p) => text(p).text).join(', ').replace(/^(.*,.*)$/, 'Union[$1]');
    }
  }
  return undefined;
}

function flattenUnion(n: Node): Node[] {
  if (n.type === 'binary_operator' && n.children.some((c) => c?.type === '|')) {
    return [...flattenUnion(n.childForFieldName('left')!), ...flattenUnion(n.childForFieldName('right')!)];
  }
  return [n];
}

/**
 * Bandit's `# nosec` on the line, bare or naming one of the codes (`# nosec B113`). The engine honours a
 * bare `# nosec` for the secrets family only; hardening rules check it themselves with their Bandit codes.
 */
export function nosec(file: PythonFile, line: number, codes: string[]): boolean {
  const m = /#\s*nosec\b(?::?\s*([A-Z0-9,\s]+))?/i.exec(file.lines.lineText(line));
  if (!m) return false;
  const listed = (m[1] ?? '').split(/[\s,]+/).filter((c) => /^B\d+$/i.test(c));
  return listed.length === 0 || listed.some((c) => codes.some((x) => x.toLowerCase() === c.toLowerCase()));
}

/**
 * A module that holds configuration: `settings.py`, `config.py`, `conf.py`, `*_settings.py`,
 * `settings_*.py`, `*_config.py`, or any module in a `settings/` or `config/` package — but not one
 * meant for development or tests (`dev.py`, `local_settings.py`, `settings/test.py`, …).
 */
export function isSettingsModule(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const base = (parts[parts.length - 1] ?? '').replace(/\.pyi?$/, '');
  const dir = parts[parts.length - 2] ?? '';
  const settingsLike = /^(settings|config|conf|configuration)$|_(settings|config)$|^(settings|config)_/.test(base)
    || /^(settings|config)$/.test(dir);
  const devLike = /(^|_)(dev|devel|development|local|test|tests|testing|ci|example|sample)(_|$)/.test(base);
  return settingsLike && !devLike;
}

/**
 * A settings module that production runs with: a single settings module (`settings.py`, `config.py`,
 * `*_settings.py`, …), or, in a `settings/` or `config/` package where the environments override a shared
 * base, a module named for production (`production.py`, `prod.py`, `live.py`, `staging.py`, `deploy.py`).
 */
export function isProductionSettingsModule(path: string): boolean {
  if (!isSettingsModule(path)) return false;
  const parts = path.split(/[\\/]/);
  const base = (parts[parts.length - 1] ?? '').replace(/\.pyi?$/, '');
  const inPackage = /^(settings|config)$/.test(parts[parts.length - 2] ?? '');
  return !inPackage || /^(settings|config)$|(^|_)(prod|production|live|staging|deploy|deployment)(_|$)/.test(base);
}

const STATEMENTS = new Set(['expression_statement', 'return_statement', 'block', 'module', 'function_definition',
  'class_definition', 'decorated_definition', 'for_statement', 'with_statement', 'try_statement']);
const VALIDATING_CALL = /(^|[._])(check|require|validate|ensure|assert|verify|must)/i;

/**
 * True when the expression is tested rather than just used: in an `if`/`elif`/`while` condition, an
 * `assert`, the condition of `a if cond else b`, an operand of `not`, `and`/`or` or a comparison
 * (`is None`, `== ""`), or an argument of a call named like a check (`require_secret(x)`).
 */
export function inCheckPosition(node: Node): boolean {
  let child = node;
  for (let n = node.parent; n && !STATEMENTS.has(n.type); child = n, n = n.parent) {
    switch (n.type) {
      case 'not_operator': case 'boolean_operator': case 'comparison_operator': case 'assert_statement':
        return true;
      case 'if_statement': case 'elif_clause': case 'while_statement':
        return n.childForFieldName('condition')?.id === child.id;
      case 'conditional_expression':
        return n.namedChildren[1]?.id === child.id;
      case 'argument_list': {
        const call = n.parent;
        if (call?.type === 'call' && VALIDATING_CALL.test(call.childForFieldName('function')?.text ?? '')) return true;
        break;
      }
    }
  }
  return false;
}

/**
 * Edits that append `keyword=value` to a call's arguments in the call's own style: inline
 * (`f(a, b=1)`), or on a line of its own when the arguments are one per line (keeping a trailing comma).
 */
export function appendArgumentEdits(file: PythonFile, call: Node, argument: string): TextEdit[] {
  const args = call.childForFieldName('arguments')!;
  const named = args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
  const last = named[named.length - 1];
  if (!last) {
    const at = { line: args.endPosition.row, character: args.endPosition.column - 1 };
    return [{ range: { start: at, end: at }, newText: argument }];
  }
  const close = args.lastChild!;
  const afterLast = last.nextSibling;
  const trailingComma = afterLast?.type === ',' ? afterLast : undefined;
  const onOwnLines = last.startPosition.row > args.startPosition.row && close.startPosition.row > (trailingComma ?? last).endPosition.row;
  if (!onOwnLines) {
    const at = nodeRange(last).end;
    return [{ range: { start: at, end: at }, newText: `, ${argument}` }];
  }
  const indent = /^\s*/.exec(file.lines.lineText(last.startPosition.row))![0];
  const lineEnd = file.lines.positionAt(file.lines.lineEnd((trailingComma ?? last).endPosition.row));
  const eol = file.lines.eol;
  if (trailingComma) return [{ range: { start: lineEnd, end: lineEnd }, newText: `${eol}${indent}${argument},` }];
  const afterArg = nodeRange(last).end;
  return [
    { range: { start: afterArg, end: afterArg }, newText: ',' },
    { range: { start: lineEnd, end: lineEnd }, newText: `${eol}${indent}${argument}` },
  ];
}

const callCache = new WeakMap<PythonFile, { call: Node; fn: Node; fnText: string }[]>();

/** Every call of the file with its function node and text, found once and shared by the rules. */
export function callsOf(file: PythonFile): { call: Node; fn: Node; fnText: string }[] {
  let calls = callCache.get(file);
  if (!calls) {
    calls = [];
    for (const call of file.nodes('call')) {
      const fn = call?.childForFieldName('function');
      if (call && fn) calls.push({ call, fn, fnText: fn.text });
    }
    callCache.set(file, calls);
  }
  return calls;
}

/** Hardening findings in test code (`isTestFile`) are reported at `info`: tests do not run in production. */
export function lowerInTests<T extends { severity: string }>(file: PythonFile, findings: T[]): T[] {
  return isTestFile(file.file) ? findings.map((f) => ({ ...f, severity: 'info' })) : findings;
}
