// Reading option objects the way the hardening rules need them: literal objects passed directly or
// through a module-level `const`, their properties, and whether a spread may hide one.
import ts from 'typescript';
import { unwrap } from '../../parse/tsast';

/** The initialiser of a module-level `const name = …` (only `const`: its value cannot change). */
export function moduleConst(source: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const stmt of source.statements) {
    if (!ts.isVariableStatement(stmt) || !(stmt.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of stmt.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return unwrap(d.initializer);
    }
  }
  return undefined;
}

/** The expression, or what a module-level constant it names holds. */
export function resolveConst(source: ts.SourceFile, expr: ts.Expression): ts.Expression {
  const e = unwrap(expr);
  return ts.isIdentifier(e) ? moduleConst(source, e.text) ?? e : e;
}

/** An object literal written at the call, or held by a module-level constant; else undefined (unknown). */
export function objectLiteral(source: ts.SourceFile, expr: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!expr) return undefined;
  const e = resolveConst(source, expr);
  return ts.isObjectLiteralExpression(e) ? e : undefined;
}

export interface Property {
  /** The whole property (`origin: '*'`, `origin`, `origin(o, cb) {…}`). */
  node: ts.ObjectLiteralElementLike;
  /** Its value, through a module-level constant for shorthand and identifiers; undefined for methods. */
  value: ts.Expression | undefined;
  /** The value as written (what an edit replaces). */
  written: ts.Expression | undefined;
}

/** The last property called `name` (later ones win at run time). */
export function property(source: ts.SourceFile, obj: ts.ObjectLiteralExpression, name: string): Property | undefined {
  let found: Property | undefined;
  for (const p of obj.properties) {
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (key !== name) continue;
    if (ts.isPropertyAssignment(p)) found = { node: p, value: resolveConst(source, p.initializer), written: p.initializer };
    else if (ts.isShorthandPropertyAssignment(p)) found = { node: p, value: resolveConst(source, p.name), written: undefined };
    else found = { node: p, value: undefined, written: undefined };
  }
  return found;
}

/** `{ ...defaults }`: a spread may carry any property. */
export function hasSpread(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some(ts.isSpreadAssignment);
}

export function isTrue(expr: ts.Expression | undefined): boolean {
  return !!expr && unwrap(expr).kind === ts.SyntaxKind.TrueKeyword;
}
