// TS/JS secret rules beyond their fixtures: hardcoded-secret severities (shared with Python), no planted
// secret in any report format, the requiredEnv helper added once and reused, suppressions.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, indexOf, projectInputs, ready, stripMarkers } from './harness';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config';
import { deriveFacts } from '../../server/src/engine/workspace/facts';
import { fixAllInFile, syntaxErrorCount } from '../../server/src/engine/fixes';
import { formatJson, formatMarkdown, formatSarif, formatText } from '../../server/src/cli/formats';
import { ruleMeta } from '../../server/src/engine/rules/index';
import { isOwnSecretName, isSecretEnvName, isTestCode } from '../../server/src/engine/rules/ts/envReads';
import type { Finding } from '../../server/src/engine/types';

before(ready);

const SECRET_RULES = ['hardcoded-secret', 'env-secret-default', 'env-secret-unvalidated'];
const analyze = (text: string, file = '/p/src/config.ts'): Finding[] =>
  analyzeFile(file, text, { facts: deriveFacts([]), settings: DEFAULT_SETTINGS }).findings.filter((f) => SECRET_RULES.includes(f.rule));

test('hardcoded-secret is one rule for Python and TS/JS: one meta, the same severities and messages', () => {
  assert.deepEqual(ruleMeta('hardcoded-secret')!.languages, ['python', 'typescript', 'javascript']);
  const dir = path.join(FIXTURES, 'rules', 'hardcoded-secret', 'typescript');
  const texts = new Map(projectInputs(dir).map((f) => [f, stripMarkers(fs.readFileSync(f, 'utf8'))]));
  const findings = indexOf(dir, texts).allFindings().filter((f) => f.rule === 'hardcoded-secret');
  const at = (file: string, snippet: string) => {
    const text = texts.get(path.join(dir, file))!;
    const line = text.split('\n').findIndex((l) => l.includes(snippet));
    const found = findings.find((f) => f.file.endsWith(file) && f.range.start.line === line);
    assert.ok(found, `no finding on the line of ${snippet}`);
    return found;
  };
  assert.equal(at('client.ts', 'GITHUB_TOKEN =').severity, 'error');
  assert.match(at('client.ts', 'GITHUB_TOKEN =').message, /`GITHUB_TOKEN` is set to a GitHub personal access token \(ghp_… \(40 chars\)\)/);
  assert.match(at('client.ts', 'private readonly apiKey').message, /`apiKey` is set to a Stripe live secret key/);
  assert.equal(at('client.ts', "password: 'Pg-").severity, 'warning', 'a human-chosen password');
  assert.match(at('client.ts', "password: 'Pg-").message, /`password` is set to a password-like value/);
  assert.match(at('client.ts', "'-----BEGIN RSA '").message, /an RSA private key/);
  assert.match(at('client.ts', "connectionString: 'postgresql").message, /this string contains a password in a postgresql:\/\/ URL \(Xk… \(10 chars\)\)/);
  assert.match(at('Widget.tsx', '<Maps token=').message, /`token` is set to/);
  const inTests = findings.filter((f) => f.file.endsWith('client.test.ts'));
  assert.equal(inTests.length, 2);
  assert.ok(inTests.every((f) => f.severity === 'info'), 'test-file findings are info');
});

test('TS/JS: one finding per value; env-secret-default owns literal fallbacks; scanner and ESLint comments', () => {
  const text = [
    "const key = process.env.API_KEY || 'Zq8-Lm2x9Pw';",
    "const TOKEN = 'Gh7-' + 'Kq2mZx9v';",
    "const A_TOKEN = 'Gh7-Kq2mZx9v'; // gitleaks:allow",
    "const PASSWORD = 'Pw7-Kq2mZx9v'; // pragma: allowlist secret",
    "const SECRET = 'Sc7-Kq2mZx9v'; // eslint-disable-line sonarjs/no-hardcoded-passwords",
    "const OTHER_SECRET = 'Sc7-Kq2mZx9v'; // eslint-disable-line no-console",
    '',
  ].join('\n');
  assert.deepEqual(analyze(text).map((f) => `${f.rule}:${f.range.start.line}`),
    ['env-secret-default:0', 'hardcoded-secret:1', 'hardcoded-secret:5']);
});

test('TS/JS: no planted secret appears in any report format or fix title', () => {
  // assembled at run time, so the repository holds no token-shaped strings
  const planted = {
    github: 'ghp_' + 'R4nd0mL00k1ngT0k3nW1thEnough3ntr0py9X', stripe: 'sk_live_' + '51Hq8Zr2xLmN4pT6vW9yB1cD3eF5gH7j',
    jwtSecret: 'q9Zr2x' + 'LmN4pT6vW9yB1cD3', dbPassword: 'Tr0ub4dor' + '-3xkcd-77', smtp: 'Hq7-' + 'Lm2x9Pw4', convict: 'Cv8-' + 'Rt5zQ2mW',
  };
  const root = '/p/svc';
  const files = new Map([
    [`${root}/package.json`, '{ "name": "svc", "dependencies": { "@nestjs/config": "^3.2.0", "convict": "^6.2.4" } }'],
    [`${root}/src/config.ts`, [
      `export const GITHUB_TOKEN = '${planted.github}';`,
      `export const stripe = { apiKey: '${planted.stripe}' };`,
      `export const JWT_SECRET = process.env.JWT_SECRET || '${planted.jwtSecret}';`,
      `export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://orders:${planted.dbPassword}@db.internal:5432/orders';`,
      `export const smtp = { password: '${planted.smtp}' };`,
      `export const schema = { cache: { password: { format: String, default: '${planted.convict}', env: 'CACHE_PASSWORD' } } };`,
      'export const signer = process.env.SIGNING_KEY!;', '',
    ].join('\n')],
  ]);
  const index = indexOf(root, files);
  const findings = index.allFindings();
  assert.deepEqual([...new Set(findings.map((f) => f.rule))].sort(), SECRET_RULES.slice().sort());
  assert.ok(findings.length >= 7, findings.map((f) => f.rule).join(', '));
  const report = { root, findings, checklist: index.checklist(), version: 'test' };
  const all = [formatJson(report), formatSarif(report), formatMarkdown(report), formatText(report, false),
    ...findings.flatMap((f) => f.fixes.map((x) => x.title))].join('\n');
  for (const [kind, value] of Object.entries(planted)) {
    for (let i = 0; i + 8 <= value.length; i++) {
      assert.ok(!all.includes(value.slice(i, i + 8)), `${kind}: "${value.slice(i, i + 8)}…" leaked into the output`);
    }
  }
});

test('requiredEnv fixes add the helper once, reuse one the file has, and leave a file that parses', () => {
  const file = '/p/src/config.ts';
  const text = "import jwt from 'jsonwebtoken';\n\nexport const a = process.env.JWT_SECRET || 'dev-secret';\nexport const b = process.env.SESSION_SECRET!;\nexport const c = jwt;\n";
  const findings = analyze(text, file);
  assert.deepEqual(findings.map((f) => f.rule), ['env-secret-default', 'env-secret-unvalidated']);
  assert.ok(findings.every((f) => f.fixes[0].edits[0].edits.length === 2), 'replacement + helper');
  const { text: fixed, applied } = fixAllInFile(file, text, (t) => analyze(t, file), 'unsafe');
  assert.equal(applied, 2);
  assert.equal(fixed.match(/function requiredEnv\(/g)?.length, 1);
  assert.match(fixed, /export const a = requiredEnv\('JWT_SECRET'\);\nexport const b = requiredEnv\('SESSION_SECRET'\);/);
  assert.equal(syntaxErrorCount(file, fixed), 0);
  assert.deepEqual(analyze(fixed, file), []);

  const own = "import { requiredEnv } from './env';\nexport const a = process.env.JWT_SECRET ?? '';\n";
  const [finding] = analyze(own, file);
  assert.deepEqual(finding.fixes[0].edits[0].edits.map((e) => e.newText), ["requiredEnv('JWT_SECRET')"]);
  // JavaScript gets an untyped helper
  const js = fixAllInFile('/p/src/server.js', "const s = process.env.JWT_SECRET || 'dev-secret';\n", (t) => analyze(t, '/p/src/server.js'), 'unsafe').text;
  assert.match(js, /^\/\*\*[^\n]*\*\/\nfunction requiredEnv\(name\) \{/);
});

test('env secret rules honour own ignore comments and stay quiet in test files', () => {
  const read = 'export const s = process.env.JWT_SECRET!;';
  assert.equal(analyze(`${read}\n`).length, 1);
  assert.equal(analyze(`${read} // readiness: ignore[env-secret-unvalidated] set by the platform\n`).length, 0);
  assert.equal(analyze(`// readiness: ignore[env-secret-unvalidated] set by the platform\n${read}\n`).length, 0);
  assert.equal(analyze(`${read}\n`, '/p/src/__tests__/auth.ts').length, 0);
  const fallback = analyze("export const s = process.env.JWT_SECRET || 'dev-secret';\n", '/p/src/auth.spec.ts');
  assert.deepEqual(fallback.map((f) => f.severity), ['info'], 'a fallback in a test file is info');
});

test('checklist: TS/JS findings fail the secret items; switching off the TS rule makes the item n/a in a TS project', () => {
  const files = new Map([['/p/src/config.ts', "export const s = process.env.JWT_SECRET || 'dev-secret';\nexport const k = process.env.SIGNING_KEY!;\n"]]);
  const item = (id: string, rules = {}) => indexOf('/p', files, { rules }).checklist().items.find((i) => i.id === id)!;
  assert.equal(item('secrets.no-defaults').status, 'fail');
  assert.equal(item('secrets.validated').status, 'fail');
  assert.equal(item('secrets.no-defaults', { 'env-secret-default': 'off' }).status, 'n/a');
  assert.equal(item('secrets.no-defaults', { 'secret-default': 'off' }).status, 'fail', 'the Python rule says nothing about TS code');
});

test('env-secret-unvalidated: a validation library counts when a package.json names it, not when a lockfile installs it', () => {
  const read = ['/p/src/auth.js', 'module.exports = (token) => require("jsonwebtoken").verify(token, process.env.JWT_SECRET);\n'] as const;
  const lock = JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/@hapi/joi': { version: '15.1.1' } } });
  const findings = (files: [string, string][]) => indexOf('/p', new Map([...files, read])).allFindings().filter((f) => f.rule === 'env-secret-unvalidated');
  assert.equal(findings([['/p/package.json', '{ "dependencies": { "jsonwebtoken": "^9.0.2" } }'], ['/p/package-lock.json', lock]]).length, 1,
    'a transitive @hapi/joi (react-scripts, workbox) validates nothing');
  assert.equal(findings([['/p/package.json', '{ "dependencies": { "jsonwebtoken": "^9.0.2", "joi": "^17.13.0" } }']]).length, 0);
});

test('TS/JS secret rules: test runners\' configuration is test code', () => {
  const text = "export default { use: { env: { SESSION_SECRET: process.env.SESSION_SECRET || 'test_session_secret' } } };\n";
  assert.deepEqual(analyze(text, '/p/playwright.config.ts').map((f) => f.severity), ['info']);
  assert.deepEqual(analyze(text, '/p/src/app.config.ts').map((f) => f.severity), ['warning']);
});

test('env names: the application\'s own secrets, public build-time variables, test tooling', () => {
  for (const n of ['JWT_SECRET', 'jwtRefreshSecret', 'SESSION_SECRET', 'COOKIE_SECRET', 'SECRET_KEY', 'APP_SECRET', 'ENCRYPTION_KEY',
    'WEBHOOK_HMAC_SECRET', 'AUTH_SECRET', 'NEXTAUTH_SECRET', 'BETTER_AUTH_SECRET', 'ACCESS_TOKEN_SECRET', 'MASTER_KEY', 'CSRF_SECRET', 'SALT']) {
    assert.ok(isOwnSecretName(n), n);
  }
  for (const n of ['FACEBOOK_SECRET', 'STRIPE_SECRET_KEY', 'GOOGLE_PRIVATE_KEY', 'GITHUB_CLIENT_SECRET', 'JWT_CLIENT_SECRET', 'AUTH_GITHUB_SECRET',
    'TWITTER_ACCESS_TOKEN_SECRET', 'OPENAI_API_KEY', 'DB_PASSWORD', 'API_SECRET', 'SECRETS_DIR']) {
    assert.ok(!isOwnSecretName(n), n);
  }
  assert.ok(isSecretEnvName('MAPS_API_KEY') && !isSecretEnvName('NEXT_PUBLIC_MAPS_API_KEY') && !isSecretEnvName('VITE_API_KEY'));
  for (const f of ['/r/playwright.config.ts', '/r/jest.config.js', '/r/vitest.config.mts', '/r/src/setupTests.ts', '/r/a.spec.ts']) assert.ok(isTestCode(f), f);
  for (const f of ['/r/app.config.ts', '/r/src/jest.ts', '/r/config/playwright.ts']) assert.ok(!isTestCode(f), f);
});
