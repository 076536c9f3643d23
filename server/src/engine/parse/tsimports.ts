// What a name in a TS/JS file refers to through its imports and requires (syntax only, no re-exports
// followed): `cors(...)` after `import cors from 'cors'` or `const cors = require('cors')` calls the `cors`
// package; `axios.get` after `import * as axios from 'axios'` is the package's `get`.
import ts from 'typescript';
import { forEachNode, unwrap } from './tsast';

/**
 * A package member: `path` is the property chain from what the package exports, with a leading `default`
 * dropped (the CommonJS packages these rules know export the same value both ways:
 * `module.exports = axios; module.exports.default = axios`).
 */
export interface ModuleRef { module: string; path: string[] }

/** Local name → what it is bound to, from imports and `require`/`import()` declarations anywhere in the file. */
export type ModuleBindings = Map<string, ModuleRef>;

const cache = new WeakMap<ts.SourceFile, ModuleBindings>();

/**
 * `nodes`: the file's shared node lists (rules/scriptContext.ts), so the bindings cost no walk of their
 * own; without them the tree is walked.
 */
export function moduleBindings(source: ts.SourceFile, nodes?: (kind: ts.SyntaxKind) => readonly ts.Node[]): ModuleBindings {
  let bindings = cache.get(source);
  if (bindings) return bindings;
  const out: ModuleBindings = new Map();
  bindings = out;
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) readImport(node, out);
    else if (ts.isImportEqualsDeclaration(node)) {
      // import cors = require('cors')
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) out.set(node.name.text, { module: ref.expression.text, path: [] });
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      const ref = requiredModule(node.initializer, out);
      if (ref) bindName(node.name, ref, out);
    }
  };
  if (nodes) {
    for (const kind of [ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ImportEqualsDeclaration, ts.SyntaxKind.VariableDeclaration]) nodes(kind).forEach(visit);
  } else forEachNode(source, visit);
  cache.set(source, out);
  return out;
}

function readImport(node: ts.ImportDeclaration, out: ModuleBindings): void {
  const clause = node.importClause;
  if (!clause || clause.isTypeOnly || !ts.isStringLiteral(node.moduleSpecifier)) return;
  const module = node.moduleSpecifier.text;
  if (clause.name) out.set(clause.name.text, { module, path: [] });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) out.set(named.name.text, { module, path: [] });
  else if (named) {
    for (const e of named.elements) {
      if (e.isTypeOnly) continue;
      const imported = (e.propertyName ?? e.name).text;
      out.set(e.name.text, { module, path: imported === 'default' ? [] : [imported] });
    }
  }
}

/** `const x = require('m')`, `const { a: b } = require('m')`, `const m = await import('m')`. */
function bindName(name: ts.BindingName, ref: ModuleRef, out: ModuleBindings): void {
  if (ts.isIdentifier(name)) { out.set(name.text, ref); return; }
  if (!ts.isObjectBindingPattern(name)) return;
  for (const el of name.elements) {
    if (el.dotDotDotToken || !ts.isIdentifier(el.name)) continue;
    const key = el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : el.name.text;
    if (key !== undefined) out.set(el.name.text, { module: ref.module, path: key === 'default' && ref.path.length === 0 ? [] : [...ref.path, key] });
  }
}

/**
 * The package member an expression denotes: a bound name, `require('m')`, `await import('m')`, or a
 * property chain on one of those (`require('cors').default`, `axios.get`), else undefined.
 */
export function qualifyScript(node: ts.Expression, bindings: ModuleBindings): ModuleRef | undefined {
  // iterative: a generated 10,000-link member chain must not overflow the stack
  const keys: string[] = [];
  let n = unwrap(node);
  while (ts.isPropertyAccessExpression(n)) { keys.push(n.name.text); n = unwrap(n.expression); }
  const base = ts.isIdentifier(n) ? bindings.get(n.text) : requiredModule(n, bindings);
  if (!base) return undefined;
  let path = base.path;
  for (const key of keys.reverse()) path = key === 'default' && path.length === 0 ? [] : [...path, key];
  return { module: base.module, path };
}

function requiredModule(node: ts.Expression, bindings: ModuleBindings): ModuleRef | undefined {
  let n = unwrap(node);
  if (ts.isAwaitExpression(n)) n = unwrap(n.expression);
  if (ts.isPropertyAccessExpression(n)) return qualifyScript(n, bindings);
  if (!ts.isCallExpression(n) || n.arguments.length !== 1 || !ts.isStringLiteral(n.arguments[0])) return undefined;
  const isRequire = ts.isIdentifier(n.expression) && n.expression.text === 'require';
  const isImport = n.expression.kind === ts.SyntaxKind.ImportKeyword;
  return isRequire || isImport ? { module: n.arguments[0].text, path: [] } : undefined;
}

/** The last statement of the file's leading block of imports/requires (directives included), if any. */
export function lastLeadingImport(source: ts.SourceFile): ts.Statement | undefined {
  let last: ts.Statement | undefined;
  for (const stmt of source.statements) { if (!isImportLike(stmt)) break; last = stmt; }
  return last;
}

/** Imports, `'use strict'`, `const x = require('…')` and `require('dotenv').config()`. */
export function isImportLike(stmt: ts.Statement): boolean {
  if (ts.isImportDeclaration(stmt) || ts.isImportEqualsDeclaration(stmt)) return true;
  if (ts.isExpressionStatement(stmt)) return ts.isStringLiteral(stmt.expression) || fromRequire(stmt.expression); // directives
  return ts.isVariableStatement(stmt) && stmt.declarationList.declarations.every((d) => !!d.initializer && fromRequire(d.initializer));
}

/** `require('x')`, `require('x').y`, `require('x').config()`. */
function fromRequire(expr: ts.Expression): boolean {
  let e = expr;
  for (;;) {
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require') return true;
    if (ts.isPropertyAccessExpression(e)) e = e.expression;
    else if (ts.isCallExpression(e)) e = e.expression;
    else return false;
  }
}
