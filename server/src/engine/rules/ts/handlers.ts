// What the TS/JS error-handling rules share: does a catch body deal with the error (rethrow, log, use
// it), which function it sits in, and how to insert a statement into a block in the file's own style.
import ts from 'typescript';
import { dottedName, forEachNode, lineIndent, someNode } from '../../parse/tsast';

const LOG_METHODS = /^(error|warn|warning|info|debug|trace|fatal|log|exception|critical|captureException|captureError|notify|report)$/;
const LOG_RECEIVERS = /(^|\.)(console|logger|log|LOGGER|Sentry|sentry|bugsnag|Bugsnag|rollbar|Rollbar|newrelic|apm|errorReporter|reporter)$/i;

/** Statements and expressions under `node` that are not inside a nested function or class. */
export function forEachInScope(node: ts.Node, visit: (n: ts.Node) => void): void {
  forEachNode(node, (n) => {
    if (n === node) return;
    visit(n);
    return !(ts.isFunctionLike(n) || ts.isClassLike(n));
  });
}

/** True when the block rethrows, logs, reports, exits or otherwise uses the caught error. */
export function handlesError(block: ts.Block, binding: string | undefined): boolean {
  // nested callbacks count: `setImmediate(() => logger.error(err))`
  return someNode(block, (n) => (!!binding && ts.isIdentifier(n) && n.text === binding && !isPropertyName(n))
    || ts.isThrowStatement(n) || (ts.isCallExpression(n) && isLogOrExit(n)));
}

function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id);
}

function isLogOrExit(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const receiver = dottedName(callee.expression) ?? '';
  if (receiver === 'process' && method === 'exit') return true;
  return LOG_METHODS.test(method) && LOG_RECEIVERS.test(receiver);
}

/** A statement that only hands back a fixed value or moves on: `return null`, `return []`, `continue`. */
export function isConstantExit(stmt: ts.Statement): boolean {
  if (ts.isContinueStatement(stmt) || ts.isBreakStatement(stmt) || ts.isEmptyStatement(stmt)) return true;
  return ts.isReturnStatement(stmt) && (!stmt.expression || isConstant(stmt.expression));
}

export function isConstant(expr: ts.Expression): boolean {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  switch (e.kind) {
    case ts.SyntaxKind.NullKeyword: case ts.SyntaxKind.TrueKeyword: case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NumericLiteral: case ts.SyntaxKind.StringLiteral: case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return true;
  }
  if (ts.isIdentifier(e)) return e.text === 'undefined';
  if (ts.isVoidExpression(e)) return ts.isLiteralExpression(e.expression);
  if (ts.isPrefixUnaryExpression(e)) return ts.isNumericLiteral(e.operand);
  if (ts.isArrayLiteralExpression(e)) return e.elements.length === 0;
  if (ts.isObjectLiteralExpression(e)) return e.properties.length === 0;
  return false;
}

/** The name of the function around a node, for messages: `loadConfig`, `OrdersService.create`. */
export function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!ts.isFunctionLike(n)) continue;
    const own = (n as ts.FunctionLikeDeclaration).name;
    let name = own && (ts.isIdentifier(own) || ts.isPrivateIdentifier(own) || ts.isStringLiteral(own)) ? own.text : undefined;
    if (!name && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) name = n.parent.name.text;
    if (!name && ts.isPropertyAssignment(n.parent) && ts.isIdentifier(n.parent.name)) name = n.parent.name.text;
    if (!name) continue; // an anonymous callback: look further out
    const cls = ts.isClassLike(n.parent) ? n.parent.name?.text : undefined;
    return cls ? `${cls}.${name}` : name;
  }
  return undefined;
}

/** A name for a new catch binding that the block does not already use. */
export function freshErrorName(block: ts.Node): string {
  const used = new Set<string>();
  forEachNode(block, (n) => { if (ts.isIdentifier(n)) used.add(n.text); });
  return ['err', 'error', 'caught'].find((n) => !used.has(n)) ?? 'caughtError';
}

/** The file's indentation step: the smallest indentation of any line (tabs win), two spaces if none. */
export function indentUnit(text: string): string {
  let smallest = '';
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    if (m[1].includes('\t')) return '\t';
    if (!smallest || m[1].length < smallest.length) smallest = m[1];
    if (smallest.length === 2) break;
  }
  return smallest || '  ';
}

/**
 * Edits that put `lines` (statements without indentation) at the top of a block, in the block's style:
 * a one-line block (`{}`, `{ return null; }`) is opened up over several lines.
 */
export function insertAtBlockStart(text: string, source: ts.SourceFile, block: ts.Block, lines: string[]): { start: number; end: number; newText: string } {
  const open = block.getStart(source);
  const close = block.getEnd() - 1;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const outer = lineIndent(text, open);
  const firstStmt = block.statements[0];
  const multiLine = text.slice(open, close).includes('\n');
  if (!multiLine) {
    const inner = outer + indentUnit(text);
    const body = text.slice(open + 1, close).trim();
    const all = [...lines, ...(body ? [body] : [])];
    return { start: open, end: close + 1, newText: `{${eol}${all.map((l) => inner + l).join(eol)}${eol}${outer}}` };
  }
  let lineEnd = text.indexOf('\n', open);
  if (text[lineEnd - 1] === '\r') lineEnd--;
  // `{ return null;` then more lines: in front of the first statement, so it still runs first
  if (firstStmt && firstStmt.getStart(source) < lineEnd) {
    const at = firstStmt.getStart(source);
    return { start: at, end: at, newText: `${lines.join(' ')} ` };
  }
  const inner = firstStmt ? lineIndent(text, firstStmt.getStart(source)) : outer + indentUnit(text);
  // after the rest of the `{` line (which may hold a comment)
  return { start: lineEnd, end: lineEnd, newText: lines.map((l) => `${eol}${inner}${l}`).join('') };
}

const singleQuoted = new WeakMap<ts.SourceFile, boolean>();

/** A string literal in the file's quote style (the first import's quotes, else the commoner quote). */
export function quoted(source: ts.SourceFile, value: string): string {
  let single = singleQuoted.get(source);
  if (single === undefined) {
    const first = source.statements.find(ts.isImportDeclaration)?.moduleSpecifier.getText(source)[0];
    single = first ? first === "'" : (source.text.match(/'/g)?.length ?? 0) > (source.text.match(/"/g)?.length ?? 0);
    singleQuoted.set(source, single);
  }
  const json = JSON.stringify(value);
  return single ? `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'` : json;
}
