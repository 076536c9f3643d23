// env-secret-default: a secret read from the environment with a literal fallback, so a missing variable
// silently gives a known (or empty) secret: `process.env.JWT_SECRET || 'dev'` (also `??`, and chains of
// reads), `const { JWT_SECRET = 'dev' } = process.env`, @nestjs/config `configService.get('JWT_SECRET', 'dev')`
// / `… || 'dev'`, and convict schema items `{ env: 'JWT_SECRET', default: 'dev' }`. The TS/JS side of
// secret-default; names and masking come from secretNames.ts, and hardcoded-secret leaves these literals to it.
import ts from 'typescript';
import type { Finding, Fix, RuleMeta } from '../../types';
import { makeFinding } from '../context';
import { nodesInOrder, type ScriptFile, type ScriptRule } from '../scriptContext';
import { compareVersions, type ProjectFacts } from '../../workspace/facts';
import { dottedName, offsetRange, scriptRange, stringValue, unwrap } from '../../parse/tsast';
import { isSecretName, maskSecret, urlHasCredentials } from '../../secretNames';
import { classifyNamedValue } from '../../secretDetector';
import { bindingChecked, bindingOf, identifierChecked, isProcessEnv, isSecretEnvName, isTestCode, isUrlEnvName, processEnvName, scopeOf } from './envReads';
import { requiredEnvCall, requiredEnvFix } from './requiredEnv';

const meta: RuleMeta = {
  id: 'env-secret-default',
  family: 'secrets',
  category: 'Secrets & configuration',
  defaultSeverity: 'warning',
  languages: ['typescript', 'javascript'],
  summary: 'TS/JS: a secret read from the environment with a literal fallback (`process.env.JWT_SECRET || \'dev\'`) runs with a known or empty secret when the variable is missing.',
  fixSafety: 'unsafe',
  foreignCodes: ['no-secrets/no-secrets', 'sonarjs/no-hardcoded-passwords', 'sonarjs/no-hardcoded-secrets'],
};

interface Context {
  file: ScriptFile;
  /** @nestjs/config is in use: `configService.get(…)` reads the environment. */
  nest: boolean;
  /** `getOrThrow` exists (@nestjs/config ≥ 2.1.0). */
  getOrThrow: boolean;
  convict: boolean;
}
interface Reported { finding: Finding; literal: ts.Node }
/** A read of a variable: `process.env.NAME` or `configService.get('NAME')`. */
interface Read { name: string; node: ts.Expression; config?: ts.CallExpression }
type DefaultKind = 'value' | 'empty';

const cache = new WeakMap<ScriptFile, Reported[]>();

function check(file: ScriptFile, facts: ProjectFacts): Finding[] {
  return analyse(file, facts).map((r) => r.finding);
}

/** Start offsets of the literals this rule reports, so hardcoded-secret does not report them again. */
export function envSecretDefaultLiterals(file: ScriptFile, facts: ProjectFacts): Set<number> {
  return new Set(analyse(file, facts).map((r) => r.literal.getStart(file.source)));
}

function analyse(file: ScriptFile, facts: ProjectFacts): Reported[] {
  let out = cache.get(file);
  if (out) return out;
  out = [];
  cache.set(file, out);
  const nestVersion = facts.script.packages.get('@nestjs/config');
  const ctx: Context = {
    file,
    nest: nestVersion !== undefined || file.text.includes('@nestjs/config'),
    getOrThrow: !!nestVersion && compareVersions(nestVersion, '2.1.0') >= 0,
    convict: facts.script.declared.has('convict') || /\bconvict\b/.test(file.text),
  };
  if (!file.text.includes('process.env') && !ctx.nest && !ctx.convict) return out;
  const found = out;
  const kinds = [ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.BindingElement, ts.SyntaxKind.CallExpression];
  if (ctx.convict) kinds.push(ts.SyntaxKind.ObjectLiteralExpression); // asked for only when needed: every kind asked for is collected for every file
  for (const node of nodesInOrder(file, kinds)) {
    let r: Reported | undefined;
    if (ts.isBinaryExpression(node)) r = fallback(ctx, node);
    else if (ts.isBindingElement(node)) r = destructured(ctx, node);
    else if (ts.isCallExpression(node)) r = configDefault(ctx, node);
    else if (ts.isObjectLiteralExpression(node) && ctx.convict) r = convictItem(ctx, node);
    if (r) found.push(r);
  }
  return out;
}

// ── what counts ────────────────────────────────────────────────────────────────────────────────────
/** `jwt.secret` (a @nestjs/config path) is judged by its last segment. */
function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Whether a literal default of the variable is reported, and as what (same policy as Python's secret-default, plus empty strings). */
function defaultKind(value: string, variable: string): DefaultKind | undefined {
  const name = lastSegment(variable);
  if (!isSecretEnvName(name) && !isUrlEnvName(name)) return undefined;
  if (!value.trim()) return isUrlEnvName(name) ? undefined : 'empty'; // an empty URL fails at connect time
  // flags and numbers (`'false'`, `'30'`) are not secrets
  if (/^\s*(true|false|yes|no|on|off|none|null|undefined|[\d.]+)\s*$/i.test(value)) return undefined;
  if (isUrlEnvName(name) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return urlHasCredentials(value) ? 'value' : undefined;
  return isSecretName(name) ? 'value' : undefined;
}

function readOf(ctx: Context, expr: ts.Expression): Read | undefined {
  const e = unwrap(expr);
  const env = processEnvName(e);
  if (env !== undefined) return { name: env, node: expr };
  if (ctx.nest && ts.isCallExpression(e)) {
    const key = configGetKey(e);
    if (key !== undefined) return { name: key, node: expr, config: e };
  }
  return undefined;
}

/** `configService.get('KEY')`, `this.configService.get<string>('KEY', …)`, `this.config.get('KEY')` → KEY. */
function configGetKey(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'get') return undefined;
  const receiver = dottedName(callee.expression) ?? '';
  if (!/(^|\.)config(Service)?$/i.test(receiver)) return undefined;
  return stringValue(call.arguments[0]);
}

// ── the four shapes ────────────────────────────────────────────────────────────────────────────────
/** `a || b ?? 'lit'`: the reads in the chain before the literal. */
function fallback(ctx: Context, bin: ts.BinaryExpression): Reported | undefined {
  if (!isFallbackOperator(bin)) return undefined;
  const literal = unwrap(bin.right);
  const value = stringValue(literal);
  if (value === undefined) return undefined;
  const operands = chain(bin.left);
  const reads = operands.map((o) => readOf(ctx, o)).filter((r): r is Read => !!r && !!defaultKind(value, r.name));
  if (!reads.length) return undefined;
  const kind = reads.some((r) => defaultKind(value, r.name) === 'value') ? 'value' : 'empty';
  if (kind === 'empty' && emptyChecked(bin)) return undefined;
  // the operand right before the literal is replaced by a read that throws: `A || requiredEnv('B')`
  const last = reads.find((r) => r.node === operands[operands.length - 1]);
  const fixes: Fix[] = [];
  if (last) {
    const replacement = last.config ? getOrThrow(ctx, last.config) : requiredEnvCall(ctx.file, last.name);
    if (replacement) fixes.push(fixFor(ctx, last, [{ start: last.node.getStart(ctx.file.source), end: bin.right.getEnd(), newText: replacement }]));
  }
  return report(ctx, literal, reads.map((r) => r.name), value, kind, reads[0].config ? 'config' : 'env', fixes);
}

/** `const key = process.env.API_KEY ?? ''; if (!key) throw …`: an empty fallback that is then tested is validated. */
function emptyChecked(expr: ts.Expression): boolean {
  const binding = bindingOf(expr);
  return !!binding && bindingChecked(expr.getSourceFile(), binding);
}

function isFallbackOperator(bin: ts.BinaryExpression): boolean {
  const k = bin.operatorToken.kind;
  return k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.QuestionQuestionToken;
}

function chain(expr: ts.Expression): ts.Expression[] {
  const e = unwrap(expr);
  return ts.isBinaryExpression(e) && isFallbackOperator(e) ? [...chain(e.left), e.right] : [expr];
}

/** `const { JWT_SECRET = 'dev' } = process.env` (also renamed, and in a parameter defaulting to `process.env`). */
function destructured(ctx: Context, element: ts.BindingElement): Reported | undefined {
  if (!element.initializer || !ts.isObjectBindingPattern(element.parent)) return undefined;
  const literal = unwrap(element.initializer);
  const value = stringValue(literal);
  const owner = element.parent.parent;
  if (value === undefined || !(ts.isVariableDeclaration(owner) || ts.isParameter(owner)) || !owner.initializer || !isProcessEnv(owner.initializer)) return undefined;
  const key = element.propertyName ?? element.name;
  const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
  const kind = name === undefined ? undefined : defaultKind(value, name);
  if (!name || !kind) return undefined;
  if (kind === 'empty' && ts.isIdentifier(element.name) && identifierChecked(scopeOf(owner), element.name.text)) return undefined;
  const read: Read = { name, node: element.initializer };
  const fix = fixFor(ctx, read, [{ start: element.initializer.getStart(ctx.file.source), end: element.initializer.getEnd(), newText: requiredEnvCall(ctx.file, name) }]);
  return report(ctx, literal, [name], value, kind, 'env', [fix]);
}

/** @nestjs/config `configService.get('JWT_SECRET', 'dev')`. */
function configDefault(ctx: Context, call: ts.CallExpression): Reported | undefined {
  if (!ctx.nest || call.arguments.length !== 2) return undefined;
  const name = configGetKey(call);
  const literal = unwrap(call.arguments[1]);
  const value = stringValue(literal);
  const kind = name === undefined || value === undefined ? undefined : defaultKind(value, name);
  if (!kind || (kind === 'empty' && emptyChecked(call))) return undefined;
  const replacement = getOrThrow(ctx, call);
  const read: Read = { name: name!, node: call, config: call };
  const fixes = replacement ? [fixFor(ctx, read, [{ start: call.getStart(ctx.file.source), end: call.getEnd(), newText: replacement }])] : [];
  return report(ctx, literal, [name!], value!, kind, 'config', fixes);
}

/** `this.configService.get<string>('KEY', …)` → `this.configService.getOrThrow<string>('KEY')`, when the installed version has it. */
function getOrThrow(ctx: Context, call: ts.CallExpression): string | undefined {
  if (!ctx.getOrThrow) return undefined;
  const source = ctx.file.source;
  const callee = call.expression as ts.PropertyAccessExpression;
  const typeArgs = call.typeArguments ? `<${call.typeArguments.map((t) => t.getText(source)).join(', ')}>` : '';
  return `${callee.expression.getText(source)}.getOrThrow${typeArgs}(${call.arguments[0].getText(source)})`;
}

/**
 * convict `{ doc, format, default: 'dev', env: 'JWT_SECRET' }`. An empty default is reported only with a
 * `String` (or no) format: a custom format may refuse it. The fix, `default: null`, fails at start-up only
 * through `format: String` and `config.validate()`, so it is offered only then.
 */
function convictItem(ctx: Context, obj: ts.ObjectLiteralExpression): Reported | undefined {
  const envProp = property(obj, 'env');
  const defaultProp = property(obj, 'default');
  const name = envProp && stringValue(unwrap(envProp.initializer));
  const literal = defaultProp && unwrap(defaultProp.initializer);
  const value = stringValue(literal);
  if (name === undefined || value === undefined) return undefined;
  const kind = defaultKind(value, name);
  const format = property(obj, 'format');
  const formatText = format && unwrap(format.initializer).getText(ctx.file.source);
  const stringFormat = !!formatText && /^(String|(['"])String\2)$/.test(formatText);
  if (!kind || (kind === 'empty' && format && !stringFormat)) return undefined;
  const nullable = property(obj, 'nullable');
  const fixes: Fix[] = stringFormat && !nullable && /\.validate\(/.test(ctx.file.text) ? [{
    title: `Default \`${name}\` to \`null\` (\`config.validate()\` then refuses to start without it)`, safety: 'unsafe', preferred: true,
    edits: [{ file: ctx.file.file, edits: [{ range: scriptRange(ctx.file.source, literal!), newText: 'null' }] }],
  }] : [];
  return report(ctx, literal!, [name], value, kind, 'convict', fixes);
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return obj.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p)
    && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name);
}

// ── findings ───────────────────────────────────────────────────────────────────────────────────────
function fixFor(ctx: Context, read: Read, replacements: { start: number; end: number; newText: string }[]): Fix {
  if (read.config) {
    return { title: `Read \`${read.name}\` with \`getOrThrow\` (throws when it is missing)`, safety: 'unsafe', preferred: true,
      edits: [{ file: ctx.file.file, edits: replacements.map((r) => ({ range: offsetRange(ctx.file.source, r.start, r.end), newText: r.newText })) }] };
  }
  return requiredEnvFix(ctx.file, `Read \`${read.name}\` with \`${requiredEnvCall(ctx.file, read.name)}\` (throws when it is missing)`, replacements);
}

const ADVICE = {
  env: 'Remove the fallback and require the variable (`requiredEnv(…)`), so a missing variable fails at start-up instead.',
  config: 'Use `getOrThrow` (or validate the configuration), so a missing variable fails at start-up instead.',
  convict: 'Use `default: null` with `format: String` and call `config.validate()`, so a missing variable fails at start-up instead.',
};

function report(ctx: Context, literal: ts.Node, names: string[], value: string, kind: DefaultKind, where: keyof typeof ADVICE, fixes: Fix[]): Reported {
  const who = `Secret ${names.map((n) => `\`${n}\``).join(' / ')}`;
  let message: string;
  if (kind === 'empty') {
    message = `${who} falls back to an empty string when the variable is missing: the service starts without the secret and fails, or runs insecurely, only when it is used. ${ADVICE[where]}`;
  } else {
    const real = classifyNamedValue(value);
    const looks = real && real.kind !== 'named' ? ` It looks like a real ${real.label}: rotate it.` : '';
    message = `${who} falls back to a literal (${maskSecret(value)}) when the variable is missing: the service then runs with a secret that is in the repository. ${ADVICE[where]}${looks}`;
  }
  const severity = isTestCode(ctx.file.file) ? 'info' : meta.defaultSeverity;
  return { literal, finding: makeFinding(meta, ctx.file.file, scriptRange(ctx.file.source, literal), message, fixes, { severity }) };
}

export const envSecretDefault: ScriptRule = { meta, check };
