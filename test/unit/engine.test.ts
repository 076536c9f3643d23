// Engine units: text positions, suppressions, config, project facts, file discovery, error tolerance.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LineIndex, applyTextEdits } from '../../server/src/engine/text';
import { parseConfigText, mergeSettings, DEFAULT_SETTINGS } from '../../server/src/engine/config';
import { compareVersions, dependencyAtLeast, deriveFacts } from '../../server/src/engine/workspace/facts';
import { discoverFiles } from '../../server/src/engine/workspace/discover';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import { isSecretName, maskSecret } from '../../server/src/engine/secretNames';
import { ignoreEdit } from '../../server/src/engine/suppress';
import { indexOf, ready } from './harness';

before(ready);

const facts = deriveFacts([]);
const analyze = (text: string, file = '/p/app.py', settings = DEFAULT_SETTINGS) => analyzeFile(file, text, { facts, settings });

test('LineIndex maps offsets and positions across \\n, \\r\\n and \\r, in UTF-16 units', () => {
  const text = 'a😀b\r\nxy\rz\n';
  const idx = new LineIndex(text);
  assert.equal(idx.lineCount, 4);
  assert.deepEqual(idx.positionAt(text.indexOf('b')), { line: 0, character: 3 });
  assert.deepEqual(idx.positionAt(text.indexOf('y')), { line: 1, character: 1 });
  assert.deepEqual(idx.positionAt(text.indexOf('z')), { line: 2, character: 0 });
  assert.equal(idx.lineText(0), 'a😀b');
  assert.equal(idx.eol, '\r\n');
  assert.equal(idx.offsetAt({ line: 0, character: 99 }), 4, 'clamped to the line end');
});

test('applyTextEdits refuses overlapping edits', () => {
  const r = (a: number, b: number) => ({ start: { line: 0, character: a }, end: { line: 0, character: b } });
  assert.equal(applyTextEdits('abcdef', [{ range: r(1, 2), newText: 'X' }, { range: r(4, 5), newText: 'Y' }]), 'aXcdYf');
  assert.throws(() => applyTextEdits('abcdef', [{ range: r(1, 4), newText: 'X' }, { range: r(2, 5), newText: 'Y' }]));
});

test('a file with syntax errors still gets findings from its valid parts', () => {
  const text = 'import json\n\ndef broken(:\n    pass\n\ndef ok(raw):\n    try:\n        return json.loads(raw)\n    except Exception:\n        return None\n';
  const result = analyze(text);
  assert.equal(result.hasSyntaxErrors, true);
  assert.deepEqual(result.findings.map((f) => [f.rule, f.range.start.line]), [['broad-except', 8]]);
});

test('severity overrides and "off" apply', () => {
  const text = 'try:\n    x = 1\nexcept Exception:\n    pass\n';
  assert.equal(analyze(text, '/p/a.py', mergeSettings({}, { rules: { 'broad-except': 'error' } })).findings[0].severity, 'error');
  assert.equal(analyze(text, '/p/a.py', mergeSettings({}, { rules: { 'broad-except': 'off' } })).findings.length, 0);
});

test('suppressions: own comment above, foreign codes mapped per rule, unrelated codes do not suppress', () => {
  const base = 'try:\n    x = 1\nexcept Exception:{c}\n    pass\n';
  const count = (c: string) => analyze(base.replace('{c}', c)).findings.length;
  assert.equal(count(''), 1);
  assert.equal(count('  # noqa: BLE001'), 0);
  assert.equal(count('  # noqa'), 0);
  assert.equal(count('  # noqa: E501'), 1);
  assert.equal(count('  # pylint: disable=broad-except'), 0);
  assert.equal(count('  # readiness: ignore[secret-default] wrong rule'), 1);
  assert.equal(count('  # nosec'), 1, '# nosec only silences secret rules');
  const above = 'try:\n    x = 1\n# readiness: ignore[broad-except] cleanup must never fail\nexcept Exception:\n    pass\n';
  assert.equal(analyze(above).findings.length, 0);
});

test('"ignore on this line" appends our comment, or extends one already there', () => {
  const text = 'try:\n    x = 1\nexcept Exception:\n    pass\n';
  const [finding] = analyze(text).findings;
  const edit = ignoreEdit(new LineIndex(text), finding, 'python');
  const fixed = applyTextEdits(text, [edit]);
  assert.match(fixed.split('\n')[2], /^except Exception:  # readiness: ignore\[broad-except\] reason: $/);
  assert.equal(analyze(fixed).findings.length, 0);
  const twice = 'try:\n    x = 1\nexcept Exception:  # readiness: ignore[secret-default] why\n    pass\n';
  const [f2] = analyze(twice).findings;
  assert.match(applyTextEdits(twice, [ignoreEdit(new LineIndex(twice), f2, 'python')]), /ignore\[secret-default, broad-except\] why/);
});

test('config: valid keys apply, broken ones name file, line and key', () => {
  const ok = parseConfigText('/p/.readiness.toml', 'exclude = ["migrations/"]\ntarget-version = "py311"\n[rules]\nbroad-except = "error"\n', false);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.settings, { exclude: ['migrations/'], pythonTargetVersion: '3.11', rules: { 'broad-except': 'error' } });
  const bad = parseConfigText('/p/pyproject.toml', '[project]\nname = "x"\n\n[tool.readiness]\nexclud = ["a"]\n[tool.readiness.rules]\nbroad-except = "loud"\nno-such-rule = "off"\n', true);
  assert.deepEqual(bad.problems.map((p) => [p.line, p.key]), [[5, 'tool.readiness.exclud'], [7, 'tool.readiness.rules.broad-except'], [8, 'tool.readiness.rules.no-such-rule']]);
  const syntax = parseConfigText('/p/.readiness.toml', 'exclude = [\n', false);
  assert.equal(syntax.problems.length, 1);
  assert.match(syntax.problems[0].message, /not valid TOML/);
});

test('facts: the target is the lowest supported version; setting wins; Dockerfile last', () => {
  assert.deepEqual(deriveFacts([{ rel: 'pyproject.toml', text: '[project]\nrequires-python = ">=3.10,<4"\n' }]).pythonTarget, [3, 10]);
  assert.deepEqual(deriveFacts([{ rel: 'Dockerfile', text: 'FROM python:3.12-slim\n' }]).pythonTarget, [3, 12]);
  const both = deriveFacts([{ rel: 'Dockerfile', text: 'FROM python:3.12-slim\n' }, { rel: '.python-version', text: '3.11.4\n' }]);
  assert.deepEqual([both.pythonTarget, both.pythonTargetSource], [[3, 11], '.python-version']);
  assert.deepEqual(deriveFacts([{ rel: 'pyproject.toml', text: '[project]\nrequires-python = ">=3.10"\n' }], '3.12').pythonTarget, [3, 12]);
  const deps = deriveFacts([{ rel: 'requirements.txt', text: 'fastapi==0.110.0\npydantic[email]>=2.5\n# comment\n-r base.txt\n' }]).dependencies;
  assert.deepEqual([...deps], [['fastapi', '0.110.0'], ['pydantic', '2.5']]);
});

test('discovery honours nested .gitignore files, exclude patterns and the size limit', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-discover-'));
  const write = (rel: string, text: string) => { fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true }); fs.writeFileSync(path.join(root, rel), text); };
  write('.gitignore', 'build/\n*.gen.py\n');
  write('app/main.py', 'x = 1\n');
  write('app/.gitignore', 'local_*.py\n');
  write('app/local_dev.py', 'x = 1\n');
  write('app/schema.gen.py', 'x = 1\n');
  write('build/out.py', 'x = 1\n');
  write('migrations/001.py', 'x = 1\n');
  write('node_modules/pkg/x.py', 'x = 1\n');
  write('big.py', 'x = 1\n'.repeat(400));
  write('README.md', '# not analysed\n');
  const found = await discoverFiles(root, { exclude: ['migrations/'], maxFileSizeKb: 1 });
  assert.deepEqual(found.files.map((f) => f.rel), ['app/main.py']);
  assert.deepEqual(found.skipped.map((s) => s.rel), ['big.py']);
  fs.rmSync(root, { recursive: true, force: true });
});

test('secret names: secrets yes, their metadata no; masking never shows more than 4 characters', () => {
  for (const name of ['SECRET_KEY', 'api_key', 'JWT_SECRET', 'SIGNING_KEY', 'GITHUB_TOKEN', 'db_password', 'DATABASE_URL']) assert.ok(isSecretName(name), name);
  for (const name of ['TOKEN_EXPIRE_MINUTES', 'PASSWORD_MIN_LENGTH', 'JWT_ALGORITHM', 'API_KEY_HEADER', 'app_name']) assert.ok(!isSecretName(name), name);
  const secret = 'sk_live_51HqX9aBcDeFgHiJkLmNoPq';
  assert.equal(maskSecret(secret), `sk_l… (${secret.length} chars)`);
  assert.equal(maskSecret('hunter2'), '… (7 chars)');
});

test('checklist: score counts pass 1, warn ½, fail 0 over applicable items; n/a when nothing applies', () => {
  const empty = indexOf('/p', new Map([['/p/util.py', 'x = 1\n']])).checklist();
  assert.equal(empty.items.find((i) => i.id === 'health.routes')!.status, 'n/a');
  const app = indexOf('/p', new Map([['/p/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n'], ['/p/Dockerfile', 'FROM python:3.12\nCMD uvicorn main:app\n']])).checklist();
  const status = Object.fromEntries(app.items.map((i) => [i.id, i.status]));
  assert.equal(status['health.routes'], 'fail');
  assert.equal(status['deployment.dockerfile-healthcheck'], 'fail');
  assert.equal(status['secrets.no-defaults'], 'pass');
  assert.equal(status['errors.handled'], 'pass');
  assert.equal(status['deployment.healthcheck-target'], 'n/a', 'no HEALTHCHECK to compare');
  assert.equal(status['security.rate-limit'], 'warn', 'no rate limiter among the dependencies');
  assert.ok(Object.keys(status).every((id) => ['pass', 'warn', 'fail', 'n/a'].includes(status[id])), JSON.stringify(status));
  const applicable = app.items.filter((i) => i.status !== 'n/a');
  const credit = applicable.reduce((n, i) => n + i.weight * (i.status === 'pass' ? 1 : i.status === 'warn' ? 0.5 : 0), 0);
  assert.equal(app.score, Math.round((100 * credit) / applicable.reduce((n, i) => n + i.weight, 0)));
  assert.ok(app.score! > 0 && app.score! < 100);
});

test('checklist: rate limiting and security headers from the dependencies, for Python and JS/TS web apps only', () => {
  const items = (files: [string, string][]) => Object.fromEntries(indexOf('/p', new Map(files)).checklist().items.map((i) => [i.id, i]));
  const express = items([['/p/package.json', '{ "dependencies": { "express": "^4.19.0", "helmet": "^7.1.0" } }'], ['/p/src/app.ts', 'export {};\n']]);
  assert.equal(express['security.headers'].status, 'pass');
  assert.match(express['security.headers'].reason, /helmet/);
  assert.equal(express['security.rate-limit'].status, 'warn');
  assert.equal(express['security.cors'].status, 'pass', 'CORS applies to an Express app too');
  const library = items([['/p/package.json', '{ "dependencies": { "lodash": "^4.17.21" } }'], ['/p/src/index.ts', 'export {};\n']]);
  assert.equal(library['security.rate-limit'].status, 'n/a');
  assert.equal(library['security.cors'].status, 'n/a');
  const flask = items([['/p/requirements.txt', 'flask==3.0.0\nflask-limiter==3.5.0\n'], ['/p/app.py', 'from flask import Flask\napp = Flask(__name__)\n']]);
  assert.equal(flask['security.rate-limit'].status, 'pass');
  assert.equal(flask['security.headers'].status, 'warn');
});

test('checklist: an item whose rules are switched off is n/a, not a pass', () => {
  const index = indexOf('/p', new Map([['/p/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n']]), { rules: { 'secret-default': 'off' } });
  const item = index.checklist().items.find((i) => i.id === 'secrets.no-defaults')!;
  assert.equal(item.status, 'n/a');
  assert.match(item.reason, /Switched off/);
});

test('facts: lockfiles give installed versions and win over manifest lower bounds', () => {
  const uvLock = 'version = 1\n\n[[package]]\nname = "pydantic"\nversion = "2.7.1"\n\n[[package]]\nname = "FastAPI"\nversion = "0.110.2"\n';
  const facts = deriveFacts([{ rel: 'pyproject.toml', text: '[project]\ndependencies = ["pydantic>=1.10"]\n' }, { rel: 'uv.lock', text: uvLock }]);
  assert.equal(facts.dependencies.get('pydantic'), '2.7.1');
  assert.equal(dependencyAtLeast(facts, 'pydantic', '2.0'), true);
  assert.equal(dependencyAtLeast(facts, 'fastapi', '0.100'), true);
  assert.equal(dependencyAtLeast(facts, 'sqlalchemy', '2.0'), undefined);
  const pipfile = deriveFacts([{ rel: 'Pipfile.lock', text: JSON.stringify({ default: { sqlalchemy: { version: '==1.4.52' } } }) }]);
  assert.equal(dependencyAtLeast(pipfile, 'SQLAlchemy', '2.0'), false);
  assert.ok(compareVersions('2.10', '2.9') > 0);
});

test('ignores used by project findings are not reported as unused', () => {
  const main = 'from fastapi import FastAPI\n\napp = FastAPI()  # readiness: ignore[missing-health-route] internal batch worker, no HTTP probes\n';
  const index = indexOf('/p', new Map([['/p/main.py', main]]));
  assert.deepEqual(index.allFindings().map((f) => f.rule), []);
  const stale = indexOf('/p', new Map([['/p/main.py', `${main}\n@app.get("/healthz")\ndef healthz():\n    return {}\n`]]));
  assert.deepEqual(stale.allFindings().map((f) => f.rule), ['unused-ignore']);
});

test('config overrides: rule severities per path, later entries win; bad entries are named', () => {
  const text = '[[overrides]]\npaths = ["tests/**"]\nrules = { broad-except = "off" }\n\n[[overrides]]\npaths = ["tests/smoke/**"]\nrules = { broad-except = "error" }\n';
  const config = parseConfigText('/p/.readiness.toml', text, false);
  assert.deepEqual(config.problems, []);
  const settings = mergeSettings(config.settings, {});
  const code = 'try:\n    x = 1\nexcept Exception:\n    pass\n';
  const index = indexOf('/p', new Map([['/p/app.py', code], ['/p/tests/test_app.py', code], ['/p/tests/smoke/test_up.py', code]]), settings);
  const got = index.allFindings().map((f) => `${index.rel(f.file)} ${f.severity}`).sort();
  assert.deepEqual(got, ['app.py warning', 'tests/smoke/test_up.py error']);
  const bad = parseConfigText('/p/.readiness.toml', '[[overrides]]\npath = ["tests/**"]\nrules = { nope = "off" }\n', false);
  assert.deepEqual(bad.problems.map((p) => [p.line, p.key]), [[1, 'overrides.path'], [1, 'overrides.paths'], [1, 'overrides.rules.nope']]);
  assert.match(bad.problems[2].message, /^overrides\[0\]: unknown rule "nope"/);
});

test('checklist reasons read as English and items without their subject are n/a', () => {
  const settings = 'from pydantic_settings import BaseSettings\nclass S(BaseSettings):\n    secret_key: str = "dev-secret-value"\n    api_key: str = "another-dev-value"\n';
  const index = indexOf('/p', new Map([['/p/s.py', settings], ['/p/Dockerfile', 'FROM python:3.12-slim\nCMD uvicorn main:app\n']]));
  const items = Object.fromEntries(index.checklist().items.map((i) => [i.id, i]));
  assert.equal(items['secrets.no-defaults'].reason, '2 secrets with literal defaults');
  assert.equal(items['deployment.healthcheck-target'].status, 'n/a', 'no HEALTHCHECK: nothing to compare');
  assert.equal(items['deployment.dockerfile-healthcheck'].reason, '1 image without a HEALTHCHECK');
});

test('# nosec: bare for secrets and hardening only; with a Bandit id for that check only', () => {
  const timeout = 'import requests\nrequests.get("https://example.org"){c}\n';
  const rules = (c: string) => analyze(timeout.replace('{c}', c)).findings.map((f) => f.rule);
  assert.deepEqual(rules(''), ['request-without-timeout']);
  assert.deepEqual(rules('  # nosec'), []);
  assert.deepEqual(rules('  # nosec B113'), []);
  assert.deepEqual(rules('  # nosec B105'), ['request-without-timeout']);
  const broad = 'try:\n    x = 1\nexcept Exception:  # nosec\n    pass\n';
  assert.ok(analyze(broad).findings.some((f) => f.rule === 'broad-except'), '# nosec does not silence error handling');
});

test('checklist: hints and infos do not lower the score', () => {
  const hintOnly = indexOf('/p', new Map([['/p/a.py', 'from typing import List\n\ndef f() -> List[int]:\n    return []\n']]));
  assert.equal(hintOnly.allFindings()[0].severity, 'hint');
  assert.equal(hintOnly.checklist().items.find((i) => i.id === 'deprecations.none')!.status, 'pass');
});

test('checklist: readiness fails for an app with a database and no health route at all, and passes once a readiness route checks it', () => {
  const req = ['/p/requirements.txt', 'fastapi==0.115.0\nsqlalchemy==2.0.36\n'] as const;
  const status = (files: [string, string][]) => indexOf('/p', new Map(files)).checklist().items.find((i) => i.id === 'health.readiness')!;
  const bare = status([[...req], ['/p/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n']]);
  assert.equal(bare.status, 'fail');
  assert.match(bare.reason, /1 app without any health route, so nothing checks sqlalchemy/);
  const checked = status([[...req], ['/p/main.py', 'from fastapi import FastAPI\nfrom sqlalchemy import text\nfrom .db import engine\napp = FastAPI()\n\n\n@app.get("/health/ready")\ndef ready():\n    with engine.connect() as c:\n        c.execute(text("SELECT 1"))\n    return {}\n']]);
  assert.equal(checked.status, 'pass');
  const noDatabase = status([['/p/requirements.txt', 'fastapi==0.115.0\n'], ['/p/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n']]);
  assert.equal(noDatabase.status, 'pass', 'nothing to be ready for: the health item carries the missing route');
});

test('checklist: dependency items per language (error tracking, metrics, logs, migrations, lockfile)', () => {
  const items = (files: [string, string][]) => Object.fromEntries(indexOf('/p', new Map(files)).checklist().items.map((i) => [i.id, i]));
  const app: [string, string] = ['/p/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n'];
  const pinned = items([app, ['/p/requirements.txt', 'fastapi==0.115.0\nsentry-sdk==2.18.0  # errors\nstructlog==24.4.0\n']]);
  assert.equal(pinned['observability.error-tracking'].status, 'pass');
  assert.equal(pinned['observability.structured-logging'].status, 'pass');
  assert.equal(pinned['observability.metrics'].status, 'warn');
  assert.equal(pinned['deployment.migrations'].status, 'n/a', 'no database client');
  assert.equal(pinned['deployment.lockfile'].status, 'pass');
  assert.match(pinned['deployment.lockfile'].reason, /requirements\.txt/);
  const loose = items([app, ['/p/requirements.txt', 'fastapi>=0.110\nsqlalchemy==2.0.36\n'], ['/p/server.ts', "import express from 'express';\nconst app = express();\n"],
    ['/p/package.json', '{ "dependencies": { "express": "^4.19.0", "pino": "^9.0.0" } }']]);
  assert.equal(loose['deployment.lockfile'].status, 'warn', 'a >= requirement is not a pin, and npm has no lockfile');
  assert.match(loose['deployment.lockfile'].reason, /Python .* and npm/);
  assert.equal(loose['deployment.migrations'].status, 'warn', 'a database, no migration tool');
  assert.equal(loose['observability.structured-logging'].status, 'warn', 'pino covers the TS service, not the Python one');
  assert.match(loose['observability.structured-logging'].reason, /for the Python services \(the others have pino\)/);
});
