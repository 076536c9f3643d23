// How the TS/JS secret rules look at `process.env`: which reads hold secrets, whether a value is tested
// before use, and whether a file or project validates its environment (zod, envalid, joi, @nestjs/config…).
// `import.meta.env` is left out: it is the browser bundlers' (Vite) build-time environment, public by design.
import ts from 'typescript';
import { dottedName, someNode, stringValue, unwrap } from '../../parse/tsast';
import { isSecretName, isUrlName } from '../../secretNames';
import type { ScriptFacts } from '../../workspace/npmFacts';
import type { ScriptFile } from '../scriptContext';
import { isTestFile } from '../../secretDetector';

export function isProcessEnv(node: ts.Node): boolean {
  return dottedName(unwrap(node as ts.Expression)) === 'process.env';
}

/** `process.env.NAME` / `process.env['NAME']` → NAME. */
export function processEnvName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return isProcessEnv(node.expression) ? node.name.text : undefined;
  if (ts.isElementAccessExpression(node)) {
    const key = stringValue(node.argumentExpression);
    return key !== undefined && isProcessEnv(node.expression) ? key : undefined;
  }
  return undefined;
}

/** Test code: test files (secretDetector's `isTestFile`), and the test runners' configuration and set-up files. */
export function isTestCode(file: string): boolean {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return isTestFile(file) || /^(playwright|jest|vitest|cypress|karma|wdio|ava|mocha)\.conf(ig)?(\.[\w-]+)?\.[cm]?[jt]s$|^(jest|vitest)\.setup\.[cm]?[jt]sx?$|^setupTests\.[jt]sx?$/.test(base);
}

/** Variables the frameworks inline into browser bundles (Next, CRA, Vite, Expo, Nuxt, Gatsby, Vue CLI, SvelteKit/Astro): public, not secrets. */
const PUBLIC_ENV = /^(NEXT_PUBLIC|REACT_APP|VITE|EXPO_PUBLIC|NUXT_PUBLIC|NUXT_ENV|GATSBY|VUE_APP|PUBLIC|STORYBOOK)_/i;

/** A secret-like variable name (secretNames.ts), not a public build-time one. */
export function isSecretEnvName(name: string): boolean {
  return isSecretName(name) && !PUBLIC_ENV.test(name);
}

/** A URL/DSN-named variable (`DATABASE_URL`, `REDIS_URL`), not a public one: a secret only when its value holds credentials. */
export function isUrlEnvName(name: string): boolean {
  return isUrlName(name) && !PUBLIC_ENV.test(name);
}

/**
 * Secrets the application itself signs, verifies or encrypts with, which are never optional: `SECRET`,
 * `SECRET_KEY`, `SALT`, `PEPPER` (optionally `APP_`-prefixed), `AUTH_SECRET` (Auth.js, better-auth), or a name
 * about sessions, tokens it issues or encryption (`JWT_SECRET`, `SESSION_SECRET`, `COOKIE_SECRET`,
 * `ENCRYPTION_KEY`, `HMAC_SECRET`…). Narrower than Python's list: `FACEBOOK_SECRET`, `STRIPE_SECRET_KEY`,
 * `GOOGLE_PRIVATE_KEY` or any `…CLIENT…` name are another service's credentials, maybe an optional integration.
 */
const OWN_SECRET = new RegExp([
  '^(app_)?(secret|secret_key|salt|pepper)$', '^(next|better_)?auth_secret$', '^(access|refresh)_token_(secret|key)$',
  '(^|_)(jwt|session|cookie|csrf|signing|encryption|hmac|fernet|master)(_[a-z0-9]+)*_(secret|key|salt)$',
].join('|'), 'i');
export function isOwnSecretName(name: string): boolean {
  const n = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return OWN_SECRET.test(n) && !/(^|_)client(_|$)/i.test(n);
}

// ── is a value tested? ─────────────────────────────────────────────────────────────────────────────
// not `verify`: `jwt.verify(token, secret)` uses the secret, it does not check it
const VALIDATING_CALL = /(^|[._])(check|require|validate|ensure|assert|must|invariant)/i;
const CHECK_OPERATORS = new Set([
  ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken,
]);

function isBoundary(n: ts.Node): boolean {
  return ts.isSourceFile(n) || ts.isBlock(n) || ts.isFunctionLike(n) || ts.isClassLike(n)
    || (n.kind >= ts.SyntaxKind.FirstStatement && n.kind <= ts.SyntaxKind.LastStatement);
}

/**
 * True when the expression is tested rather than only used (as Python's `inCheckPosition`): negated, compared,
 * `typeof`, an operand of `&&`/`||`/`??`, an `if`/`while`/`for`/`?:` condition, or passed to a function named like
 * a check (`assert`, `invariant`, `requireSecret`, `validate…`, `ensure…`).
 */
export function inCheckPosition(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let n = node.parent; n; child = n, n = n.parent) {
    if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) return true;
    if (ts.isTypeOfExpression(n)) return true;
    if (ts.isBinaryExpression(n) && CHECK_OPERATORS.has(n.operatorToken.kind)) return true;
    if (ts.isConditionalExpression(n)) return n.condition === child;
    if (ts.isIfStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n)) return n.expression === child;
    if (ts.isForStatement(n)) return n.condition === child;
    if (ts.isCallExpression(n) && n.arguments.some((a) => a === child) && VALIDATING_CALL.test(dottedName(n.expression) ?? '')) return true;
    if (isBoundary(n)) return false;
  }
  return false;
}


/**
 * The variables whose `process.env.NAME` is tested somewhere in the file (`if (!process.env.NAME) throw …`).
 * A fallback, `process.env.NAME ?? other`, handles that one read: it does not make the others safe.
 */
export function checkedEnvNames(file: ScriptFile): Set<string> {
  const names = new Set<string>();
  for (const kind of [ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression]) {
    for (const n of file.nodes(kind)) {
      const name = processEnvName(n);
      if (name !== undefined && inCheckPosition(n) && !isFallbackLeft(n)) names.add(name);
    }
  }
  return names;
}

/** The left operand of `||` / `??`, parentheses and assertions aside. */
export function isFallbackLeft(node: ts.Node): boolean {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent) || ts.isNonNullExpression(n.parent) || ts.isAsExpression(n.parent)) n = n.parent;
  const p = n.parent;
  return ts.isBinaryExpression(p) && p.left === n
    && (p.operatorToken.kind === ts.SyntaxKind.BarBarToken || p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken);
}

/** A check over computed keys, `REQUIRED.filter((k) => !process.env[k])`: the file validates a list of variables. */
export function genericEnvCheck(file: ScriptFile): boolean {
  return file.nodes<ts.ElementAccessExpression>(ts.SyntaxKind.ElementAccessExpression).some((n) => isProcessEnv(n.expression)
    && stringValue(n.argumentExpression) === undefined && inCheckPosition(n));
}

/**
 * The names the file mentions other than by reading them: schema keys (`JWT_SECRET: z.string().min(32)`,
 * class-validator fields) and strings (`['JWT_SECRET', …].filter((k) => !process.env[k])`).
 */
export function mentionedNames(file: ScriptFile): Set<string> {
  const names = new Set<string>();
  for (const kind of [ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.ShorthandPropertyAssignment, ts.SyntaxKind.PropertyDeclaration]) {
    for (const n of file.nodes<ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.PropertyDeclaration>(kind)) {
      if (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) names.add(n.name.text);
    }
  }
  for (const kind of [ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral]) {
    for (const n of file.nodes<ts.StringLiteral | ts.NoSubstitutionTemplateLiteral>(kind)) {
      if (!(ts.isElementAccessExpression(n.parent) && isProcessEnv(n.parent.expression))) names.add(n.text);
    }
  }
  return names;
}

/** An identifier `name` (not a property name) is tested under `scope`. */
export function identifierChecked(scope: ts.Node, name: string): boolean {
  return someNode(scope, (n) => ts.isIdentifier(n) && n.text === name && !isPropertyNamePosition(n) && inCheckPosition(n));
}

/** A property `.name` / `['name']` of anything is tested under `scope` (`if (!config.jwt.secret)`). */
export function propertyChecked(scope: ts.Node, name: string): boolean {
  return someNode(scope, (n) => ((ts.isPropertyAccessExpression(n) && n.name.text === name)
    || (ts.isElementAccessExpression(n) && stringValue(n.argumentExpression) === name)) && inCheckPosition(n));
}

function isPropertyNamePosition(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id)
    || (ts.isPropertyDeclaration(p) && p.name === id);
}

// ── what a plain read is bound to ──────────────────────────────────────────────────────────────────
export interface Binding {
  name: string;
  /** A variable (tested by name in its scope) or a property/field (tested as `.name` anywhere in the file). */
  kind: 'variable' | 'property';
  scope: ts.Node;
}

/** `const s = <read>`, `s = <read>`, `this.s = <read>`, `{ s: <read> }`, `class { s = <read> }`. */
export function bindingOf(read: ts.Expression): Binding | undefined {
  let n: ts.Node = read;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name)) return { name: p.name.text, kind: 'variable', scope: scopeOf(p) };
  if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    if (ts.isIdentifier(p.left)) return { name: p.left.text, kind: 'variable', scope: scopeOf(p) };
    if (ts.isPropertyAccessExpression(p.left)) return { name: p.left.name.text, kind: 'property', scope: p.getSourceFile() };
  }
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer === n && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
    return { name: p.name.text, kind: 'property', scope: p.getSourceFile() };
  }
  return undefined;
}

/** The function a local lives in, or the file. */
export function scopeOf(node: ts.Node): ts.Node {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return node.getSourceFile();
}

/** The binding is tested in its scope: a variable by name, a property as `.name` (or destructured by name) anywhere in the file. */
export function bindingChecked(source: ts.SourceFile, b: Binding): boolean {
  if (b.kind === 'variable') return identifierChecked(b.scope, b.name);
  // `if (!config.jwt.secret)`, or destructured first: `const { secret } = config; if (!secret)`
  return propertyChecked(source, b.name) || identifierChecked(source, b.name);
}

// ── does the file or the project validate the environment? ─────────────────────────────────────────
/** Callees that validate what they are given: zod, joi, yup, class-validator/-transformer, envalid, env-schema. */
const VALIDATE_CALLEE = /(^|\.)(parse|safeParse|parseAsync|safeParseAsync|validate|validateSync|validateAsync|attempt|assert|cleanEnv|plainToInstance|plainToClass|envSchema|decode)$/;
/** Calls that validate an environment wherever they appear (envalid, t3-env). */
const ENV_VALIDATOR = /(^|\.)(cleanEnv|createEnv)$/;

/**
 * The file validates its environment: a validating call given `process.env` or an object of env reads
 * (`z.object({…}).parse(process.env)`, `schema.validate(process.env)`, `cleanEnv(process.env, {…})`,
 * `createEnv({…})`), or `ConfigModule.forRoot({ validationSchema | validate })` (@nestjs/config).
 */
export function fileValidatesEnv(file: ScriptFile): boolean {
  if (!/parse|validat|assert|attempt|cleanEnv|createEnv|plainTo|envSchema|decode/.test(file.text)) return false;
  return file.nodes<ts.CallExpression>(ts.SyntaxKind.CallExpression).some((n) => {
    const callee = dottedName(n.expression) ?? (ts.isPropertyAccessExpression(n.expression) ? `.${n.expression.name.text}` : '');
    if (ENV_VALIDATOR.test(callee)) return true;
    if (/(^|\.)ConfigModule\.forRoot(Async)?$/.test(callee)) {
      const options = n.arguments[0] && unwrap(n.arguments[0]);
      return !!options && ts.isObjectLiteralExpression(options) && options.properties.some((p) =>
        !!p.name && ts.isIdentifier(p.name) && (p.name.text === 'validationSchema' || p.name.text === 'validate'));
    }
    return VALIDATE_CALLEE.test(callee) && n.arguments.some((a) => isProcessEnv(a) || readsEnvObject(a));
  });
}

/** `{ JWT_SECRET: process.env.JWT_SECRET, … }`: an object built from env reads. */
function readsEnvObject(arg: ts.Expression): boolean {
  const o = unwrap(arg);
  return ts.isObjectLiteralExpression(o) && o.properties.some((p) =>
    (ts.isPropertyAssignment(p) && processEnvName(unwrap(p.initializer)) !== undefined) || ts.isSpreadAssignment(p) && isProcessEnv(p.expression));
}

/** Libraries whose presence says the project validates configuration: env-specific ones and the schema libraries used for it. */
const VALIDATOR_PACKAGES = ['zod', 'joi', '@hapi/joi', 'yup', 'valibot', 'class-validator', 'envalid', 'env-var', 'env-schema', 'znv', 'convict',
  '@t3-oss/env-core', '@t3-oss/env-nextjs', '@t3-oss/env-nuxt'];

/** The first validation library a package.json of the project names, if any (not transitive installs from lockfiles). */
export function projectValidator(facts: ScriptFacts): string | undefined {
  return VALIDATOR_PACKAGES.find((p) => facts.declared.has(p));
}
