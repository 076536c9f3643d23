// The replacement for Express 4's deprecated `req.param(name, defaultValue?)`. Express looks the name up in
// `req.params` (own properties only), then `req.body`, then `req.query`, skipping null and undefined values, and
// returns `defaultValue` when none has it (lib/request.js). `??` skips the same values, so
// `req.params.id ?? req.body?.id ?? req.query.id` is the same lookup (`body` is unset without a body parser).
import ts from 'typescript';
import type { FixSafety } from '../../types';
import { stringValue } from '../../parse/tsast';

export interface ParamReplacement { text: string; safety: FixSafety }

/** Names every object inherits: `req.params.constructor` is found where Express's own-property check skips it. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The lookup written out for `receiver.param(…)`, or undefined when the call is not Express's `Request.param`,
 * the receiver or name would be evaluated more than once with side effects, the name is inherited (`'constructor'`),
 * or the typings would reject it (`Request<{ userId: string }>` has no `params.id`).
 */
export function reqParamReplacement(source: ts.SourceFile, checker: ts.TypeChecker, call: ts.CallExpression,
  member: ts.PropertyAccessExpression): ParamReplacement | undefined {
  const args = call.arguments;
  if (args.length < 1 || args.length > 2 || args.some(ts.isSpreadElement) || !isRequestParam(checker, call)) return undefined;
  const receiver = member.expression;
  if (!isPlainReference(receiver)) return undefined;
  const [nameArg, defaultArg] = args;
  const name = stringValue(nameArg);
  if (name === undefined && !ts.isIdentifier(nameArg)) return undefined;
  if (name !== undefined && INHERITED.has(name)) return undefined; // `req.params.constructor` is a Function: another lookup and another type
  const receiverType = checker.getTypeAtLocation(receiver);
  for (const part of ['params', 'body', 'query']) {
    if (!acceptsKey(checker, receiverType, part, name)) return undefined;
  }
  const req = receiver.getText(source);
  const dotted = name !== undefined && /^[A-Za-z_$][\w$]*$/.test(name);
  const key = nameArg.getText(source);
  const access = (optional: boolean) => dotted ? `${optional ? '?.' : '.'}${name}` : `${optional ? '?.' : ''}[${key}]`;
  let text = `${req}.params${access(false)} ?? ${req}.body${access(true)} ?? ${req}.query${access(false)}`;
  if (defaultArg) text += ` ?? ${defaultArg.getText(source)}`;
  // unsafe: a variable may name an inherited property; a default other than a constant is now evaluated only when needed
  const safe = name !== undefined && (!defaultArg || isConstant(defaultArg));
  return { text: needsParentheses(call) ? `(${text})` : text, safety: safe ? 'safe' : 'unsafe' };
}

/** The resolved method is declared on an interface or class called `Request` (Express's, or @types/express-serve-static-core's). */
function isRequestParam(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const decl = checker.getResolvedSignature(call)?.getDeclaration();
  const owner = decl?.parent;
  return !!owner && (ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) && owner.name?.text === 'Request';
}

/** `req`, `this.req`, `ctx.request`: read three times without running anything (getters aside). */
function isPlainReference(e: ts.Expression): boolean {
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(e) && !e.questionDotToken && isPlainReference(e.expression);
}

/** `req.<part>.<name>` type-checks: the part is `any`, or has the property, or an index signature. */
function acceptsKey(checker: ts.TypeChecker, receiver: ts.Type, part: string, name: string | undefined): boolean {
  const symbol = receiver.getProperty(part);
  if (!symbol) return false;
  const type = checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
  if (type.flags & ts.TypeFlags.Any) return true;
  if (name !== undefined && type.getProperty(name)) return true;
  return !!checker.getIndexInfoOfType(type, ts.IndexKind.String);
}

function isConstant(e: ts.Expression): boolean {
  return ts.isLiteralExpression(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword
    || e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined')
    || (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand));
}

/** `a ?? b` where a call stood: fine as an initializer, argument, element or statement; elsewhere (`x + …`, `….trim()`, `|| …`) it needs parentheses. */
function needsParentheses(call: ts.CallExpression): boolean {
  const p = call.parent;
  if (ts.isVariableDeclaration(p) || ts.isReturnStatement(p) || ts.isExpressionStatement(p) || ts.isParenthesizedExpression(p)
    || ts.isArrayLiteralExpression(p) || ts.isTemplateSpan(p) || ts.isJsxExpression(p) || ts.isPropertyAssignment(p)) return false;
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression !== call) return false;
  if (ts.isBinaryExpression(p) && p.right === call && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return false;
  return true;
}
