// Secrets and hardening: no message ever shows a planted secret; the shared detector's formats,
// thresholds and placeholders; severities (tests, credentials with CORS); foreign suppressions.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, fixtureProjects, indexOf, projectInputs, ready, stripMarkers } from './harness';
import { classifyNamedValue, findFormattedSecrets, hasFakeRun, isPlaceholder, isTestFile, shannonEntropy } from '../../server/src/engine/secretDetector';
import { isSecretName, isUrlName, maskSecret, urlHasCredentials } from '../../server/src/engine/secretNames';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config';
import { deriveFacts } from '../../server/src/engine/workspace/facts';
import type { Finding } from '../../server/src/engine/types';

before(ready);

const SECRET_FIXTURES = ['secret-default', 'secret-unvalidated', 'hardcoded-secret', 'env-secret-default', 'env-secret-unvalidated'];
/** Secret findings that point at a read (`os.getenv("NAME")`), not at a value: their literals are variable names. */
const POINTS_AT_READ = ['secret-unvalidated', 'env-secret-unvalidated'];
const analyze = (text: string, file = '/p/app/client.py') => analyzeFile(file, text, { facts: deriveFacts([]), settings: DEFAULT_SETTINGS }).findings;

/** String literal values of a Python source (implicit concatenations joined), by a small scanner. */
function literals(source: string): string[] {
  const out: string[] = [];
  const re = /("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;
  let m: RegExpExecArray | null;
  let last = -1;
  let joined = '';
  while ((m = re.exec(source))) {
    const body = m[1].startsWith('"""') || m[1].startsWith("'''") ? m[1].slice(3, -3) : m[1].slice(1, -1);
    const between = last >= 0 ? source.slice(last, m.index) : '';
    if (last >= 0 && /^[\s(]*$/.test(between.replace(/#.*$/gm, ''))) joined += body;
    else { if (joined) out.push(joined); joined = body; }
    last = m.index + m[0].length;
  }
  if (joined) out.push(joined);
  return out.flatMap((v) => [v, ...v.split(/\\n/)]);
}

/** Windows of a planted value that would give part of it away: 8 characters mixing letters and digits. */
function revealing(value: string): string[] {
  const out = new Set<string>([value]);
  for (let i = 0; i + 8 <= value.length; i++) {
    const w = value.slice(i, i + 8);
    if (/\d/.test(w) && /[A-Za-z]/.test(w)) out.add(w);
  }
  return [...out];
}

test('no message or fix title of any rule shows a planted secret, in any fixture project', () => {
  let checkedFindings = 0;
  const rulesDir = path.join(FIXTURES, 'rules');
  for (const rule of fs.readdirSync(rulesDir)) {
    for (const project of fixtureProjects(path.join(rulesDir, rule))) {
      const texts = new Map(projectInputs(project).map((f) => [f, stripMarkers(fs.readFileSync(f, 'utf8'))]));
      const index = indexOf(project, texts);
      for (const finding of index.allFindings()) {
        const source = texts.get(finding.file) ?? '';
        // planted: every literal of the secret fixtures; elsewhere, the literals secret rules report
        const planted = SECRET_FIXTURES.includes(rule) ? literals(source).filter((v) => v.length >= 8 && /\d/.test(v))
          : index.allFindings().filter((f) => f.family === 'secrets' && !POINTS_AT_READ.includes(f.rule) && f.file === finding.file).flatMap((f) => literals(textIn(source, f)));
        const shown = [finding.message, ...finding.fixes.map((f) => f.title)].join('\n');
        for (const value of planted) {
          for (const part of revealing(value)) {
            assert.ok(!shown.includes(part), `${rule}/${path.relative(project, finding.file)}:${finding.range.start.line + 1} ${finding.rule} shows "${part}" of a planted secret:\n${shown}`);
          }
        }
        checkedFindings++;
      }
    }
  }
  assert.ok(checkedFindings > 50, `only ${checkedFindings} findings checked`);
});

function textIn(source: string, f: Finding): string {
  const lines = source.split(/\r?\n/);
  if (f.range.start.line === f.range.end.line) return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
  return [lines[f.range.start.line].slice(f.range.start.character), ...lines.slice(f.range.start.line + 1, f.range.end.line),
    lines[f.range.end.line].slice(0, f.range.end.character)].join('\n');
}

test('secret findings that name a value show it only masked', () => {
  let checked = 0;
  for (const rule of ['secret-default', 'hardcoded-secret', 'env-secret-default']) {
    for (const project of fixtureProjects(path.join(FIXTURES, 'rules', rule))) {
      const texts = new Map(projectInputs(project).map((f) => [f, stripMarkers(fs.readFileSync(f, 'utf8'))]));
      for (const f of indexOf(project, texts).allFindings().filter((x) => x.rule === rule)) {
        // an empty default has nothing to mask, and says so
        const empty = rule === 'env-secret-default' && textIn(texts.get(f.file)!, f).length === 2;
        assert.match(f.message, empty ? /falls back to an empty string/ : /\((\S{0,4})… \(\d+ chars\)\)/, f.message);
        checked++;
      }
    }
  }
  assert.ok(checked > 40, `only ${checked} findings checked`);
});

test('hardcoded-secret: provider formats are errors, passwords warnings, everything in tests info', () => {
  const dir = path.join(FIXTURES, 'rules', 'hardcoded-secret');
  const texts = new Map([...projectInputs(dir), ...projectInputs(path.join(dir, 'tests'))].map((f) => [f, stripMarkers(fs.readFileSync(f, 'utf8'))]));
  const findings = indexOf(dir, texts).allFindings().filter((f) => f.rule === 'hardcoded-secret');
  const at = (file: string, line: number) => findings.find((f) => f.file.endsWith(file) && f.range.start.line + 1 === line)!;
  assert.equal(at('cases.py', 13).severity, 'error');            // GitHub token
  assert.match(at('cases.py', 13).message, /GitHub personal access token \(ghp_… \(40 chars\)\)/);
  assert.equal(at('cases.py', 19).severity, 'warning');          // SMTP_PASSWORD = "Tr0ub4dor&3"
  assert.match(at('cases.py', 22).message, /an RSA private key/);
  const inTests = findings.filter((f) => f.file.includes(`${path.sep}tests${path.sep}`));
  assert.equal(inTests.length, 2);
  assert.ok(inTests.every((f) => f.severity === 'info'), 'tests/ findings are info');
});

test('hardcoded-secret: one finding per literal, none for what secret-default reports; scanner allow comments', () => {
  const text = 'import os\nKEY = os.getenv("API_KEY", "Zq8-Lm2x9Pw")\nTOKEN = "Gh7-Kq2mZx9v"\nA = "Gh7-Kq2mZx9v"  # gitleaks:allow\nPASSWORD = "Pw7-Kq2mZx9v"  # pragma: allowlist secret\n';
  const found = analyze(text).map((f) => `${f.rule}:${f.range.start.line}`);
  assert.deepEqual(found, ['secret-default:1', 'hardcoded-secret:2']);
});

test('detector: entropy, placeholders, fake runs', () => {
  assert.equal(shannonEntropy(''), 0);
  assert.equal(shannonEntropy('aaaa'), 0);
  assert.equal(shannonEntropy('abcd'), 2);
  for (const v of ['changeme', 'change-me-please', '<your-key>', 'your_api_key', '${API_KEY}', '{{ token }}', 'xxxxxxxx', 'REDACTED', 'AKIAIOSFODNN7EXAMPLE', '***', 'sk_test_1234567890abcdefghijklmn']) {
    assert.ok(isPlaceholder(v), v);
  }
  for (const v of ['Xk29fjQm1p', 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d']) assert.ok(!isPlaceholder(v), v);
  assert.ok(hasFakeRun('abc12345x') && hasFakeRun('zyxwv') && hasFakeRun('aaaaa') && !hasFakeRun('a1b2c3d4'));
});

test('detector: provider formats need the whole token, enough randomness and no placeholder', () => {
  const gh = 'ghp_' + 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d';
  assert.deepEqual(findFormattedSecrets(`token ${gh} used`).map((m) => [m.label, m.value]), [['GitHub personal access token', gh]]);
  assert.deepEqual(findFormattedSecrets(`x${gh}`), [], 'inside a longer word');
  assert.deepEqual(findFormattedSecrets('ghp_' + 'x'.repeat(36)), []);
  assert.deepEqual(findFormattedSecrets('sk_live_' + 'KdNnFRIBXuDL7DxtpYlSXpfK').map((m) => m.label), ['Stripe live secret key']);
  assert.deepEqual(findFormattedSecrets('pk_live_' + 'KdNnFRIBXuDL7DxtpYlSXpfK'), [], 'publishable keys are public');
  assert.deepEqual(findFormattedSecrets('AKIA' + 'ZDOCIS2JHTLGMXGE').map((m) => m.label), ['AWS access key ID']);
  assert.deepEqual(findFormattedSecrets('-----BEGIN PRIVATE KEY-----'), [], 'a header alone is not a key');
  assert.deepEqual(findFormattedSecrets('postgresql://app:Xk29fjQm1p@db.internal/app').map((m) => m.value), ['Xk29fjQm1p']);
  assert.deepEqual(findFormattedSecrets('postgresql://app:Xk29fjQm1p@localhost/app'), [], 'local development database');
  assert.deepEqual(findFormattedSecrets('postgresql://app:password@db/app'), []);
  const jwtIo = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
  assert.deepEqual(findFormattedSecrets(jwtIo), [], 'the jwt.io sample');
});

test('detector: values of secret-like names', () => {
  const kind = (v: string) => classifyNamedValue(v)?.confidence;
  assert.equal(kind('django-insecure-qa3e=68f&7e==4qeqp_+no=^35ye4*s)c$%^me#jvq^=(t$!ia'), 'high');
  assert.equal(kind('f1f836f99eee3692f09e2e8c662248b4'), 'high');
  assert.equal(kind('Tr0ub4dor&3'), 'medium');
  for (const v of ['hunter2', 'postgres', 'password123', 'dev-secret-123', 'X-Api-Token', 'access_token', 'MY_API_KEY', 'Enter your password: ',
    '/etc/keys/signing.pem', 'https://auth.internal/token', '2024-01-01', 'authtoken.Token', 'not-so-secret-value']) {
    assert.equal(kind(v), undefined, v);
  }
});

test('secret names: the documented pattern and its exclusions', () => {
  for (const n of ['ADMIN_PASSWORD', 'SUPER_SECRET_KEY', 'githubToken', 'stripeApiKey', 'FERNET_KEY', 'db_passphrase', 'SETTLEMENT_TOKEN', 'database_uri']) {
    assert.ok(isSecretName(n), n);
  }
  for (const n of ['TOKENIZERS_PARALLELISM', 'PWD', 'SECRETS_DIR', 'PASSWORD_HASH', 'apiKeyHeader', 'tokensPerMinute', 'TOKEN_URL', 'AWS_ACCESS_KEY_ID']) {
    assert.ok(!isSecretName(n), n);
  }
  assert.ok(isUrlName('REDIS_URL') && isUrlName('brokerUri') && isUrlName('SENTRY_DSN') && !isUrlName('CURL_OPTIONS'));
  assert.ok(urlHasCredentials('redis://:Rz8pq2Lx@cache:6379/0') && !urlHasCredentials('amqp://guest@rabbit//'));
  assert.equal(maskSecret('ghp_u8jzPde0IgxLd6Gn'), 'ghp_… (20 chars)');
});

test('test files: tests/ and __tests__/ folders, pytest and jest file names', () => {
  for (const f of ['/r/tests/test_api.py', '/r/tests/helpers.py', '/r/app/test_models.py', '/r/app/models_test.py', '/r/conftest.py', '/r/web/__tests__/a.ts', '/r/web/a.spec.tsx']) {
    assert.ok(isTestFile(f), f);
  }
  for (const f of ['/r/app/main.py', '/r/app/testing_utils.py', '/r/test/fixtures/app.py', '/r/app/contest.py']) assert.ok(!isTestFile(f), f);
});

test('hardening rules: info in test code; DEBUG = True only in settings production runs with', () => {
  const req = 'import requests\nrequests.get("https://x.internal")\n';
  assert.deepEqual(analyze(req, '/p/app/client.py').map((f) => f.severity), ['warning']);
  assert.deepEqual(analyze(req, '/p/tests/test_client.py').map((f) => f.severity), ['info']);
  assert.deepEqual(analyze(req, '/p/app/conftest.py').map((f) => f.severity), ['info']);
  const debug = (file: string) => analyze('DEBUG = True\n', file).filter((f) => f.rule === 'debug-enabled').length;
  assert.equal(debug('/p/proj/settings.py'), 1);
  assert.equal(debug('/p/proj/config.py'), 1);
  assert.equal(debug('/p/proj/settings/production.py'), 1);
  assert.equal(debug('/p/proj/settings/base.py'), 0, 'a shared base that production.py overrides');
  assert.equal(debug('/p/proj/settings/dev.py'), 0);
  assert.equal(debug('/p/proj/local_settings.py'), 0);
  assert.equal(debug('/p/proj/main.py'), 0);
});

test('hardening rules honour Bandit and Ruff codes; CORS with credentials is an error', () => {
  const count = (text: string, rule: string) => analyze(text).filter((f) => f.rule === rule).length;
  const req = 'import requests\nrequests.get("https://x.internal"){c}\n';
  assert.equal(count(req.replace('{c}', ''), 'request-without-timeout'), 1);
  assert.equal(count(req.replace('{c}', '  # noqa: S113'), 'request-without-timeout'), 0);
  assert.equal(count(req.replace('{c}', '  # nosec B113'), 'request-without-timeout'), 0);
  assert.equal(count(req.replace('{c}', '  # nosec'), 'request-without-timeout'), 0);
  assert.equal(count(req.replace('{c}', '  # nosec B201'), 'request-without-timeout'), 1, 'another Bandit check');
  assert.equal(count(req.replace('{c}', '  # pylint: disable=missing-timeout'), 'request-without-timeout'), 0);
  const flask = 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True){c}\n';
  assert.equal(count(flask.replace('{c}', ''), 'debug-enabled'), 1);
  assert.equal(count(flask.replace('{c}', '  # noqa: S201'), 'debug-enabled'), 0);
  assert.equal(count(flask.replace('{c}', '  # nosec B201'), 'debug-enabled'), 0);
  const cors = (extra: string) => analyze(`from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=["*"]${extra})\n`)
    .filter((f) => f.rule === 'cors-wildcard').map((f) => f.severity);
  assert.deepEqual(cors(''), ['warning']);
  assert.deepEqual(cors(', allow_credentials=True'), ['error']);
  assert.deepEqual(cors(', allow_credentials=False'), ['warning']);
});
