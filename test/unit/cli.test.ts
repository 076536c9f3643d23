// The CLI as users run it: the built dist/cli.js in a child process, on a copy of a fixture project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { FIXTURES, REPO } from './harness';

const CLI = path.join(REPO, 'dist', 'cli.js');

function copyProject(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `readiness-cli-${name}-`));
  fs.cpSync(path.join(FIXTURES, 'projects', name), dir, { recursive: true });
  return dir;
}

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('text output lists findings with file:line:col and ends with the checklist; exit 1 on findings', () => {
  const dir = copyProject('fastapi-basic');
  const r = run(['check', '.'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^svc\/main\.py:17:12: warning broad-except \[~\]/m);
  assert.match(r.stdout, /^svc\/main\.py:18:24: warning datetime-utcnow/m);
  assert.match(r.stdout, /^svc\/settings\.py:5:23: error secret-default/m);
  assert.match(r.stdout, /^svc\/main\.py:9:7: warning missing-health-route/m);
  assert.match(r.stdout, /Readiness checklist: \d+%/);
  assert.doesNotMatch(r.stdout, /change-me-in-production/, 'the secret value must not be printed');
});

test('json output has the documented shape, 1-based positions and relative files', () => {
  const dir = copyProject('fastapi-basic');
  const r = run(['check', '--format', 'json'], dir);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['version', 'root', 'findings', 'checklist']);
  const f = out.findings.find((x: any) => x.rule === 'datetime-utcnow');
  assert.deepEqual(f, {
    rule: 'datetime-utcnow', family: 'deprecated-api', severity: 'warning', file: 'svc/main.py', line: 18, column: 24,
    endLine: 18, endColumn: 41, message: f.message, fix: { safety: 'unsafe', description: f.fix.description },
  });
  assert.match(f.fix.description, /now\(UTC\)/, 'target 3.11 from requires-python → datetime.UTC');
  assert.equal(typeof out.checklist.score, 'number');
  const docker = out.checklist.items.find((i: any) => i.id === 'deployment.dockerfile-healthcheck');
  assert.deepEqual(docker.status, 'fail');
  assert.deepEqual(docker.evidence, [{ file: 'Dockerfile', line: 1 }]);
});

test('sarif output validates against the SARIF 2.1.0 schema and carries rule metadata', () => {
  const dir = copyProject('fastapi-basic');
  const r = run(['check', '--format', 'sarif'], dir);
  const log: any = JSON.parse(r.stdout);
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', { paths: [REPO] });
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  // unicodeRegExp off: the schema has a pattern (language tags) that is invalid under the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const compiled = ajv.compile(schema);
  const validate = (data: unknown): boolean => compiled(data); // not a type guard: keeps `log` typed
  assert.ok(validate(log), JSON.stringify(compiled.errors?.slice(0, 5), null, 2));
  const run0 = log.runs[0];
  assert.ok(run0.tool.driver.rules.every((rule: any) => rule.helpUri && rule.shortDescription.text));
  assert.ok(run0.results.length >= 5);
  assert.ok(run0.results.every((x: any) => x.locations[0].physicalLocation.artifactLocation.uriBaseId === '%SRCROOT%'));
  // a broken log must fail validation, or this test proves nothing
  assert.equal(validate({ ...log, runs: [{ ...run0, results: [{ ...run0.results[0], level: 'loud' }] }] }), false);
});

test('markdown output is a report with the score and a table per category', () => {
  const dir = copyProject('fastapi-basic');
  const r = run(['check', '--format', 'markdown', '--output', 'report.md'], dir);
  assert.equal(r.stdout, '');
  const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
  assert.match(md, /^# Production readiness: /);
  assert.match(md, /\*\*Readiness score: \d+%\*\*/);
  assert.match(md, /^## Health & probes$/m);
  assert.match(md, /^## Next steps$/m);
});

test('--fix applies safe fixes only; --unsafe-fixes also creates the health module; fixed code re-checks clean', () => {
  const dir = copyProject('fastapi-basic');
  const safe = run(['check', '--fix'], dir);
  const main = fs.readFileSync(path.join(dir, 'svc/main.py'), 'utf8');
  assert.match(main, /def events\(\) -> list\[dict\]:/);
  assert.doesNotMatch(main, /from typing import List/);
  assert.match(main, /except Exception:/, 'unsafe fixes are not applied by --fix');
  assert.match(safe.stderr, /applied 1 fix/);
  const unsafe = run(['check', '--fix', '--unsafe-fixes', '--format', 'json'], dir);
  const remaining = JSON.parse(unsafe.stdout).findings.map((f: any) => f.rule);
  assert.deepEqual(remaining, [], `left: ${remaining}`);
  assert.equal(unsafe.code, 0);
  assert.ok(fs.existsSync(path.join(dir, 'svc/health.py')));
  assert.match(fs.readFileSync(path.join(dir, 'svc/main.py'), 'utf8'), /from svc\.health import router as health_router[\s\S]*app\.include_router\(health_router\)/);
});

test('usage and config errors exit 2 with a message naming the file, line and key', () => {
  const dir = copyProject('fastapi-basic');
  assert.equal(run(['inspect'], dir).code, 2);
  assert.equal(run(['check', '--format', 'xml'], dir).code, 2);
  fs.writeFileSync(path.join(dir, '.readiness.toml'), '[rules]\nbroad-except = "loud"\n');
  const r = run(['check'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.readiness\.toml:2: rules\.broad-except: expected one of error, warning, info, hint, off/);
});

test('exit 0 when nothing at warning level or above remains', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cli-clean-'));
  fs.writeFileSync(path.join(dir, 'util.py'), 'def add(a: int, b: int) -> int:\n    return a + b\n');
  const r = run(['check', dir], process.cwd());
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /0 findings/);
});

test('no planted secret appears in any output format, with or without --fix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cli-secrets-'));
  // Values are assembled at run time so the repository itself holds no token-shaped strings.
  const planted = {
    aws: 'AKIA' + 'QX7Z2M4N6P8R5T3V', github: 'ghp_' + 'R4nd0mL00k1ngT0k3nW1thEnough3ntr0py9X',
    slack: 'xoxb-' + '482913057126-7730195528843-Q8zXr2LmN4pT6vW9yB1cD3eF', stripe: 'sk_live_' + '51Hq8Zr2xLmN4pT6vW9yB1cD3eF5gH7j',
    jwtSecret: 'q9Zr2x' + 'LmN4pT6vW9yB1cD3', dbPassword: 'Tr0ub4dor' + '-3xkcd-77', setting: 'dev-' + 'signing-Xq93LmZp',
  };
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "s"\nversion = "1"\nrequires-python = ">=3.11"\ndependencies = ["pydantic-settings>=2"]\n');
  fs.writeFileSync(path.join(dir, 'config.py'), [
    'import os', 'from pydantic_settings import BaseSettings', '',
    `AWS_ACCESS_KEY_ID = "${planted.aws}"`, `GITHUB_TOKEN = "${planted.github}"`, `SLACK_BOT_TOKEN = "${planted.slack}"`,
    `stripe_key = "${planted.stripe}"`, `JWT_SECRET = os.getenv("JWT_SECRET", "${planted.jwtSecret}")`,
    `DATABASE_URL = "postgresql://orders:${planted.dbPassword}@db.internal:5432/orders"`, '', '',
    'class Settings(BaseSettings):', `    signing_key: str = "${planted.setting}"`, '',
  ].join('\n'));
  const outputs: string[] = [];
  for (const format of ['text', 'json', 'sarif', 'markdown']) {
    const r = run(['check', '--format', format], dir);
    outputs.push(r.stdout, r.stderr);
  }
  const json = JSON.parse(run(['check', '--format', 'json'], dir).stdout);
  assert.ok(json.findings.filter((f: any) => /secret/.test(f.rule)).length >= 6, `secrets found: ${json.findings.map((f: any) => f.rule)}`);
  const fixed = run(['check', '--fix', '--unsafe-fixes'], dir);
  outputs.push(fixed.stdout, fixed.stderr);
  const all = outputs.join('\n');
  for (const [kind, value] of Object.entries(planted)) {
    for (let i = 0; i + 8 <= value.length; i++) {
      assert.ok(!all.includes(value.slice(i, i + 8)), `${kind}: "${value.slice(i, i + 8)}…" leaked into the output`);
    }
  }
});

test('a 20 MB source file is reported as skipped (readiness.maxFileSizeKb), not analysed, and the rest is checked', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cli-large-'));
  fs.writeFileSync(path.join(dir, 'app.py'), 'try:\n    x = 1\nexcept Exception:\n    pass\n');
  fs.writeFileSync(path.join(dir, 'generated.py'), 'try:\n    x = 1\nexcept Exception:\n    pass\n'.repeat(20 * 1024 * 1024 / 40));
  const started = Date.now();
  for (const format of ['text', 'json']) {
    const r = run(['check', '--quiet', '--format', format], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^readiness: skipped generated\.py: larger than 1024 KB \(readiness\.maxFileSizeKb\)$/m);
    if (format === 'json') assert.deepEqual([...new Set(JSON.parse(r.stdout).findings.map((f: any) => f.file))], ['app.py']);
  }
  assert.ok(Date.now() - started < 20_000, 'two runs over 20 s: the large file was read or analysed');
  fs.rmSync(dir, { recursive: true, force: true });
});
