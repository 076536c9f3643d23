// hardcoded-secret for TS/JS: the same rule as rules/python/hardcoded-secret.ts (one meta, one detector,
// one message and severity policy), on the TypeScript compiler's tree. A value is a string literal, a
// template (its literal parts), or a `+` chain of them (`'ghp_' + '…'` is one value); it is reported when it
// holds a provider token format anywhere, or when it is bound to a secret-like name and looks like a
// password. Literals env-secret-default reports (`process.env.X || '…'`) are left to it.
import ts from 'typescript';
import type { Finding } from '../../types';
import { makeFinding } from '../context';
import type { ScriptFile, ScriptRule } from '../scriptContext';
import type { ProjectFacts } from '../../workspace/facts';
import { offsetRange, stringValue } from '../../parse/tsast';
import { isSecretName } from '../../secretNames';
import { classifyNamedValue, findFormattedSecrets } from '../../secretDetector';
import { FORMAT_MARKER, NAME_HINT, SCANNER_ALLOW, messageFor, meta, severityFor } from '../python/hardcoded-secret';
import { envSecretDefaultLiterals } from './env-secret-default';
import { isTestCode, processEnvName } from './envReads';

/** One string value of the source: its text for format scanning, and its plain value when it has no `${…}`. */
interface Value { node: ts.Expression; text: string; plain: string | undefined }

const VALUE_KINDS = [ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateExpression,
  ts.SyntaxKind.BinaryExpression];

function check(file: ScriptFile, facts: ProjectFacts): Finding[] {
  const skip = envSecretDefaultLiterals(file, facts);
  const inTests = isTestCode(file.file);
  const findings: Finding[] = [];
  const report = (value: Value): void => {
    const start = value.node.getStart(file.source);
    if (skip.has(start) || !worthALook(file.text, value, start)) return;
    const name = value.plain === undefined ? undefined : secretNameFor(value.node);
    const match = name ? classifyNamedValue(value.plain!) : findFormattedSecrets(value.text)[0];
    if (!match || allowed(file, start, value.node.getEnd())) return;
    findings.push(makeFinding(meta, file.file, offsetRange(file.source, start, value.node.getEnd()), messageFor(match, name, inTests), [],
      { severity: severityFor(match, inTests) }));
  };
  // The candidate kinds from the shared node index, in pre-order (an ancestor before what it contains):
  // the literals inside a reported value are skipped, as a walk that stops there would.
  const candidates = VALUE_KINDS.flatMap((k) => file.nodes(k)).sort((a, b) => a.pos - b.pos || b.end - a.end);
  let insideUntil = -1;
  for (const node of candidates) {
    if (node.end <= insideUntil) continue;
    const value = valueOf(node);
    if (!value) continue;
    report(value);
    if (!ts.isTemplateExpression(node)) insideUntil = node.end; // `${…}` parts may hold other literals
  }
  return findings;
}

/** Cheap test first: 8 characters at least, and a provider marker in the value or a secret word just before it. */
function worthALook(text: string, value: Value, start: number): boolean {
  if (value.text.length < 8) return false;
  return FORMAT_MARKER.test(value.text) || NAME_HINT.test(text.slice(Math.max(0, start - 80), start));
}

function valueOf(node: ts.Node): Value | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { node, text: node.text, plain: node.text };
  // template parts are scanned apart, so that no token spans a `${…}`
  if (ts.isTemplateExpression(node)) return { node, text: [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' '), plain: undefined };
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const parts = concatenation(node);
    if (parts) return { node, text: parts.map((p) => p.text).join(''), plain: parts.every((p) => p.plain !== undefined) ? parts.map((p) => p.plain).join('') : undefined };
  }
  return undefined;
}

/** `'a' + 'b' + \`c\``: every operand a string value, else undefined. */
function concatenation(node: ts.Expression): Value[] | undefined {
  let e = node;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = concatenation(e.left);
    const right = left && concatenation(e.right);
    return left && right ? [...left, ...right] : undefined;
  }
  const v = valueOf(e);
  return v ? [v] : undefined;
}

/**
 * The secret-like name a plain value is bound to: `const NAME = '…'`, `obj.name = '…'`, `cfg['NAME'] = '…'`,
 * `{ name: '…' }`, class fields, parameter and destructuring defaults, JSX attributes, and `name === '…'`.
 */
function secretNameFor(value: ts.Expression): string | undefined {
  let n: ts.Node = value;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) n = n.parent;
  const p = n.parent;
  let name: string | undefined;
  if ((ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p))
    && p.initializer === n) {
    name = ts.isBindingElement(p) && p.propertyName ? propertyNameText(p.propertyName) : propertyNameText(p.name);
  } else if (ts.isJsxAttribute(p) && p.initializer === n) {
    name = ts.isIdentifier(p.name) ? p.name.text : undefined;
  } else if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken && p.right === n) name = targetName(p.left);
    else if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken
      || op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) {
      name = targetName(p.left === n ? p.right : p.left);
    }
  }
  return name && isSecretName(name) ? name : undefined;
}

function propertyNameText(name: ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return stringValue(name.expression);
  return undefined;
}

/** `token`, `this.apiKey`, `cfg['SECRET_KEY']`, `process.env.API_KEY` → the name. */
function targetName(node: ts.Expression): string | undefined {
  let e = node;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  const env = processEnvName(e);
  if (env !== undefined) return env;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e)) return stringValue(e.argumentExpression);
  return undefined;
}

/** gitleaks and detect-secrets allow comments on any line of the value. */
function allowed(file: ScriptFile, start: number, end: number): boolean {
  const first = file.source.getLineAndCharacterOfPosition(start).line;
  const last = file.source.getLineAndCharacterOfPosition(end).line;
  for (let line = first; line <= last; line++) if (SCANNER_ALLOW.test(file.lines.lineText(line))) return true;
  return false;
}

export const hardcodedSecretScript: ScriptRule = { meta, check };
