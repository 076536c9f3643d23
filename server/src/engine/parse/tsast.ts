// Small helpers over TypeScript compiler nodes, shared by the TS/JS rules.
import ts from 'typescript';
import type { Range } from '../types';

/** The node's range without its leading trivia, 0-based line/UTF-16 character like LSP. */
export function scriptRange(source: ts.SourceFile, node: ts.Node, end: number = node.getEnd()): Range {
  const s = source.getLineAndCharacterOfPosition(node.getStart(source));
  const e = source.getLineAndCharacterOfPosition(end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

export function offsetRange(source: ts.SourceFile, start: number, end: number): Range {
  const s = source.getLineAndCharacterOfPosition(start);
  const e = source.getLineAndCharacterOfPosition(end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

/**
 * Every node under `root` (itself included), depth first, in document order. Iterative: a recursive walk
 * overflows the stack on machine-made nesting (a 10,000-link `a.b.b…` chain). `visit` returning false
 * skips the node's children.
 */
export function forEachNode(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  const collect = (c: ts.Node) => { children.push(c); };
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Whether some node under `root` (itself included) matches; stops at the first. Iterative like forEachNode. */
export function someNode(root: ts.Node, match: (node: ts.Node) => boolean, enter: (node: ts.Node) => boolean = () => true): boolean {
  let found = false;
  forEachNode(root, (n) => {
    if (found) return false;
    if (match(n)) { found = true; return false; }
    return enter(n);
  });
  return found;
}

/** `a.b.c` for identifiers and property accesses (`this` included), else undefined. */
export function dottedName(node: ts.Node): string | undefined {
  const keys: string[] = []; // iterative: generated member chains can be 10,000 links long
  let n = node;
  while (ts.isPropertyAccessExpression(n)) { keys.push(n.name.text); n = n.expression; }
  const base = ts.isIdentifier(n) || ts.isPrivateIdentifier(n) ? n.text : n.kind === ts.SyntaxKind.ThisKeyword ? 'this' : undefined;
  return base === undefined ? undefined : [base, ...keys.reverse()].join('.');
}

/** The literal text of a string or template without substitutions, else undefined. */
export function stringValue(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/** `process.env.NAME` or `process.env['NAME']` → NAME (also `import.meta.env.NAME`). */
export function envVariableName(node: ts.Node): string | undefined {
  let object: ts.Expression, key: string | undefined;
  if (ts.isPropertyAccessExpression(node)) { object = node.expression; key = node.name.text; }
  else if (ts.isElementAccessExpression(node)) { object = node.expression; key = stringValue(node.argumentExpression); }
  else return undefined;
  const owner = dottedName(object);
  return key !== undefined && (owner === 'process.env' || owner === 'import.meta.env') ? key : undefined;
}

/** The expression without parentheses, `as`/`satisfies`/`!` wrappers. */
export function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  for (;;) {
    if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n)
      || ts.isTypeAssertionExpression(n)) n = n.expression;
    else return n;
  }
}

/** The indentation (spaces/tabs) of the line the offset is on. */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}
