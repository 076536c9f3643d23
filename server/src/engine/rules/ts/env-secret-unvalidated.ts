// env-secret-unvalidated: a secret read from `process.env` that nothing checks, so a missing variable
// surfaces as `undefined` where the secret is used instead of at start-up. Two shapes, chosen so that every
// finding is one a reviewer would accept (docs/rules/env-secret-unvalidated.md):
// - asserted reads, `process.env.API_KEY!` / `as string`, of any secret: the code promises a value nothing checks;
// - plain reads of the application's own signing/encryption secrets (`JWT_SECRET`, `SESSION_SECRET`, …), which are
//   never optional, in a project with no validation library, when neither the read nor what it is bound to is tested.
// Not in test code, nor for a variable that a validation in the same file names (a zod/joi/envalid schema key,
// a list of required names checked in a loop).
import ts from 'typescript';
import type { Finding, RuleMeta } from '../../types';
import { makeFinding } from '../context';
import { nodesInOrder, type ScriptFile, type ScriptRule } from '../scriptContext';
import type { ProjectFacts } from '../../workspace/facts';
import { scriptRange } from '../../parse/tsast';
import {
  bindingChecked, bindingOf, checkedEnvNames, fileValidatesEnv, genericEnvCheck, identifierChecked, inCheckPosition, isOwnSecretName,
  isProcessEnv, isSecretEnvName, isTestCode, isUrlEnvName, mentionedNames, processEnvName, projectValidator, scopeOf,
} from './envReads';
import { requiredEnvCall, requiredEnvFix } from './requiredEnv';

const meta: RuleMeta = {
  id: 'env-secret-unvalidated',
  family: 'secrets',
  category: 'Secrets & configuration',
  defaultSeverity: 'warning',
  languages: ['typescript', 'javascript'],
  summary: 'TS/JS: a secret read from `process.env` that nothing checks (`process.env.JWT_SECRET!` is not validation) reaches the code as `undefined` when the variable is missing.',
  fixSafety: 'unsafe',
  foreignCodes: [],
};

interface Context {
  file: ScriptFile;
  /** The validation library a package.json names, if any. */
  validator: string | undefined;
  /** Variables whose `process.env` read is tested somewhere in the file. */
  checked: Set<string>;
  /** A validation in this file names the variable (a schema key, a checked list). */
  validated(name: string): boolean;
}

/** Sentry DSNs are public by design and an empty one switches reporting off (as in Python's rule). */
const OPTIONAL_BY_DESIGN = /sentry/i;

function check(file: ScriptFile, facts: ProjectFacts): Finding[] {
  if (!file.text.includes('process.env') || isTestCode(file.file)) return [];
  const mentioned = fileValidatesEnv(file) || genericEnvCheck(file) ? mentionedNames(file) : new Set<string>();
  const ctx: Context = { file, validator: projectValidator(facts.script), checked: checkedEnvNames(file), validated: (name) => mentioned.has(name) };
  const findings: Finding[] = [];
  for (const node of nodesInOrder(file, [ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression, ts.SyntaxKind.BindingElement])) {
    const name = processEnvName(node);
    if (name !== undefined && candidate(name) && !ctx.validated(name)) {
      const f = checkRead(ctx, node as ts.Expression, name);
      if (f) findings.push(f);
    } else if (ts.isBindingElement(node) && !ctx.validator) {
      const f = checkDestructured(ctx, node);
      if (f) findings.push(f);
    }
  }
  return findings;
}

/** Secrets whose absence is not a legitimate configuration: not URLs (drivers fail loudly), not Sentry DSNs. */
function candidate(name: string): boolean {
  return isSecretEnvName(name) && !isUrlEnvName(name) && !OPTIONAL_BY_DESIGN.test(name);
}

/** The read with its `!`, `as string`, `<string>` or `as unknown as string` wrapper (parentheses included), if it has one. */
function assertion(read: ts.Expression): ts.Expression | undefined {
  let asserted: ts.Expression | undefined;
  for (let n: ts.Node = read; ; n = n.parent) {
    const p = n.parent;
    if (ts.isNonNullExpression(p)) asserted = p;
    else if (ts.isAsExpression(p) || ts.isTypeAssertionExpression(p)) { if (p.type.kind === ts.SyntaxKind.StringKeyword) asserted = p; }
    else if (!ts.isParenthesizedExpression(p)) return asserted;
  }
}

function checkRead(ctx: Context, read: ts.Expression, name: string): Finding | undefined {
  const { file, validator } = ctx;
  if (isWritten(read)) return undefined;
  const asserted = assertion(read);
  const used = asserted ?? read;
  // `process.env.X || …` / `?? …` has a fallback (a literal one is env-secret-default's); tests and checks count
  if (inCheckPosition(used) || ctx.checked.has(name)) return undefined;
  if (!asserted) {
    // the variable's name decides: a local `secret` may hold `process.env.FACEBOOK_SECRET`, another service's credential
    if (validator || !isOwnSecretName(name)) return undefined;
    const binding = bindingOf(used);
    if (binding && bindingChecked(file.source, binding)) return undefined;
  }
  const call = requiredEnvCall(file, name);
  const shown = asserted ? oneLine(asserted.getText(file.source)) : `process.env.${name}`;
  const elsewhere = validator ? ` If a ${validator} schema validates \`${name}\` at start-up, read it from the validated object instead.` : '';
  const message = asserted
    ? `\`${shown}\` asserts that the secret is set, but nothing checks it: when \`${name}\` is missing, \`undefined\` reaches the code that uses it (an assertion is not validation). Read it with \`${call}\`, which throws when it is missing, or validate the environment at start-up.${elsewhere}`
    : `Secret \`${name}\` is read from \`process.env\` and nothing checks it: when it is missing the service starts anyway, and \`undefined\` reaches the code that signs or encrypts with it. Read it with \`${call}\`, which throws when it is missing, or validate the environment at start-up (zod, envalid).`;
  const fix = requiredEnvFix(file, `Read \`${name}\` with \`${call}\` (throws when it is missing)`,
    [{ start: used.getStart(file.source), end: used.getEnd(), newText: call }]);
  return makeFinding(meta, file.file, scriptRange(file.source, used), message, [fix]);
}

/** `process.env.X = …`, `delete process.env.X`: not reads. */
function isWritten(read: ts.Expression): boolean {
  const p = read.parent;
  return (ts.isBinaryExpression(p) && p.left === read && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment
    && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) || ts.isDeleteExpression(p);
}

/** `const { JWT_SECRET } = process.env` (no default: a default is env-secret-default's or a fallback). */
function checkDestructured(ctx: Context, element: ts.BindingElement): Finding | undefined {
  const { file } = ctx;
  const owner = element.parent.parent;
  if (element.initializer || element.dotDotDotToken || !ts.isObjectBindingPattern(element.parent) || !ts.isIdentifier(element.name)
    || !(ts.isVariableDeclaration(owner) || ts.isParameter(owner)) || !owner.initializer || !isProcessEnv(owner.initializer)) return undefined;
  const key = element.propertyName ?? element.name;
  const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
  const local = element.name.text;
  if (!name || !candidate(name) || ctx.validated(name) || !isOwnSecretName(name)) return undefined;
  if (ctx.checked.has(name) || identifierChecked(scopeOf(owner), local)) return undefined;
  const call = requiredEnvCall(file, name);
  const fix = requiredEnvFix(file, `Require \`${name}\` with a \`${call}\` default (throws when it is missing)`,
    [{ start: element.name.getEnd(), end: element.name.getEnd(), newText: ` = ${call}` }]);
  return makeFinding(meta, file.file, scriptRange(file.source, element),
    `Secret \`${name}\` is taken from \`process.env\` and nothing checks it: when it is missing the service starts anyway, and \`undefined\` reaches the code that signs or encrypts with it. Default it to \`${call}\`, which throws when it is missing, or validate the environment at start-up (zod, envalid).`,
    [fix]);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ');
}

export const envSecretUnvalidated: ScriptRule = { meta, check };
