// Where an expression is an SQLAlchemy query criterion, and what looks like a mapped column.
// A criterion is an argument of `.filter()` / `.where()` / `.having()` / `.join(…, onclause)`, possibly
// inside `and_()` / `or_()` / `not_()`, `&`, `|`, `~` or parentheses, on a chain that is SQLAlchemy's:
// the file imports SQLAlchemy (or SQLModel, Flask-SQLAlchemy), or the chain starts from `….query(…)`,
// `Model.query` or `select(…)`. Columns are `Model.attr` (a capitalised class), `pkg.Model.attr` and
// Core's `table.c.attr`.
import type { Node } from 'web-tree-sitter';
import { qualify } from '../../parse/pyimports';
import type { PythonFile } from '../context';

const CRITERIA_METHODS = new Set(['filter', 'where', 'having', 'join', 'outerjoin']);
const SQL_MODULES = /^(sqlalchemy|sqlmodel|flask_sqlalchemy|flask_sqlmodel)(\.|$)/;
const CONJUNCTIONS = /^(sqlalchemy|sqlmodel)(\.sql(\.expression)?)?\.(and_|or_|not_)$/;
const PASS_THROUGH = new Set(['parenthesized_expression', 'list', 'tuple']);

/** Whether the file imports SQLAlchemy or a library built on it. */
export function usesSqlAlchemy(file: PythonFile): boolean {
  for (const full of file.imports.names.values()) if (SQL_MODULES.test(full)) return true;
  return false;
}

/** The `.filter(...)`-like call whose criterion `node` is part of, or undefined. */
export function criterionCall(node: Node, file: PythonFile, sqlFile: boolean): Node | undefined {
  let n = node;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (PASS_THROUGH.has(p.type)) continue;
    if (p.type === 'binary_operator' && ['&', '|'].includes(p.childForFieldName('operator')?.text ?? '')) continue;
    if (p.type === 'unary_operator' && p.childForFieldName('operator')?.text === '~') continue;
    if (p.type !== 'argument_list') return undefined;
    const call = p.parent;
    const fn = call?.childForFieldName('function');
    if (!call || !fn) return undefined;
    if (CONJUNCTIONS.test(qualify(fn, file.imports) ?? '')) { p = call; continue; }
    if (fn.type !== 'attribute' || !CRITERIA_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return undefined;
    return sqlFile || sqlChain(fn.childForFieldName('object'), file) ? call : undefined;
  }
  return undefined;
}

/** A receiver chain that is visibly a query: `session.query(…)…`, `Model.query…`, `select(…)…`. */
function sqlChain(node: Node | null, file: PythonFile): boolean {
  for (let n = node; n;) {
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'identifier' && ['select', 'update', 'delete'].includes(fn.text)) return true;
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'query') return true;
      if (SQL_MODULES.test(qualify(fn, file.imports) ?? '')) return true;
      n = fn;
    } else if (n.type === 'attribute') {
      if (n.childForFieldName('attribute')?.text === 'query') return true;
      n = n.childForFieldName('object');
    } else return false;
  }
  return false;
}

/** `User.active`, `models.User.active`, `users.c.active`: an attribute that reads as a mapped column. */
export function isColumn(node: Node | null | undefined): boolean {
  if (node?.type !== 'attribute') return false;
  const attr = node.childForFieldName('attribute')?.text ?? '';
  const object = node.childForFieldName('object');
  if (!/^[a-z_]/.test(attr) || !object) return false;
  const owner = object.type === 'identifier' ? object.text
    : object.type === 'attribute' ? object.childForFieldName('attribute')?.text ?? '' : '';
  if (/^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(owner)) return true; // a class name, not a CONSTANT
  return object.type === 'attribute' && (owner === 'c' || owner === 'columns');
}
