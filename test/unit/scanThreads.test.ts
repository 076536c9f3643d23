// The scan on worker threads: the same findings as the in-process scan (CLI and engine), and a pool
// that loses nothing when a worker dies, cannot start, or the scan is cancelled.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, REPO } from './harness';
import { loadPythonParser } from '../../server/src/engine/parse/python';
import { WorkspaceIndex } from '../../server/src/engine/workspaceIndex';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config';
import { analyzeInWorkers, toBatches, type PoolItem } from '../../server/src/engine/scanPool';
import { defaultFacts } from '../../server/src/engine/workspace/facts';
import type { FileAnalysis } from '../../server/src/engine/analyzeFile';

const CLI = path.join(REPO, 'dist', 'cli.js');

before(() => loadPythonParser());

/** A service with the examples' mix of files (Python, TS, Dockerfile, Kubernetes) and generated modules, over 1 MB in all. */
function bigProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-threads-'));
  fs.cpSync(path.join(FIXTURES, 'projects', 'fastapi-basic'), dir, { recursive: true });
  fs.cpSync(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'svc', 'jobs'), { recursive: true });
  for (let i = 0; i < 260; i++) {
    const body = [
      'import datetime', 'import json', 'import os', 'import requests', '',
      `API_TOKEN_${i} = os.getenv("API_TOKEN_${i}", "dev-token-${i}")`, '',
    ];
    for (let f = 0; f < 12; f++) {
      body.push(`def job_${i}_${f}(payload):`, '    try:', `        data = json.loads(payload)`,
        `        stamp = datetime.datetime.utcnow()`, `        return requests.get("https://x/${f}", params=data), stamp`,
        f % 3 === 0 ? '    except Exception:' : f % 3 === 1 ? '    except:' : '    except ValueError:', '        return None', '');
    }
    fs.writeFileSync(path.join(dir, 'svc', 'jobs', `job_${i}.py`), body.join('\n'));
  }
  return dir;
}

function check(dir: string, jobs: number) {
  const r = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--jobs', String(jobs)], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
}

test('readiness check --jobs 3 reports exactly what --jobs 1 reports on a 1 MB+ project', () => {
  const dir = bigProject();
  const one = check(dir, 1);
  const three = check(dir, 3);
  const findings = (JSON.parse(one) as { findings: { rule: string }[] }).findings;
  assert.ok(findings.filter((f) => f.rule === 'broad-except').length >= 260 * 4, 'the generated modules were analysed');
  assert.ok(findings.some((f) => f.rule === 'missing-health-route'), 'project rules ran on the threads\' summaries');
  assert.equal(three, one);
});

test('--jobs must be a whole number of threads', () => {
  const r = spawnSync(process.execPath, [CLI, 'check', '.', '--jobs', '0'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--jobs expects a whole number/);
});

test('the engine scan on a worker (dist/cli.js) equals the in-process scan; a worker that cannot start falls back to in-process', async () => {
  const root = path.join(FIXTURES, 'projects', 'fastapi-basic');
  const scanned = async (threads?: Parameters<WorkspaceIndex['scan']>[2]) => {
    const index = new WorkspaceIndex(root, DEFAULT_SETTINGS);
    const { workers } = await index.scan(undefined, undefined, threads);
    return { workers, result: { findings: index.allFindings(), files: index.files(), skipped: index.skipped } };
  };
  const here = await scanned();
  assert.ok(here.result.findings.length > 3);
  const onWorker = await scanned({ file: CLI, count: 2 });
  assert.equal(onWorker.workers, 1, 'one batch: one worker');
  assert.deepEqual(onWorker.result, here.result);
  const fallback = await scanned({ file: path.join(os.tmpdir(), 'no-such-worker.js'), count: 2 });
  assert.equal(fallback.workers, 0);
  assert.deepEqual(fallback.result, here.result);
});

/** A stand-in worker for the pool's own logic: answers each batch, and dies on a file containing BOOM. */
function fakeWorker(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-fake-worker-')), 'worker.js');
  fs.writeFileSync(file, `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (batch) => {
  if (batch.files.some((f) => f.text.includes('BOOM'))) throw new Error('parser crashed');
  parentPort.postMessage({ kind: 'done', id: batch.id, ruleErrors: [],
    results: batch.files.map((f) => ({ file: f.file, analysis: { findings: [], summary: f.text, suppressions: new Map(), usage: new Set(), hasSyntaxErrors: false } })) });
});
parentPort.postMessage({ kind: 'ready' });
`);
  return file;
}

const items = (n: number, boom?: number): PoolItem[] =>
  Array.from({ length: n }, (_, i) => ({ file: `/w/f${i}.py`, text: i === boom ? 'BOOM' : `x = ${i}\n`.repeat(1 + (i % 7) * 500) }));

test('batches keep file order and stay small', () => {
  const batches = toBatches(items(200));
  assert.deepEqual(batches.flat().map((i) => i.file), items(200).map((i) => i.file));
  assert.ok(batches.length > 5 && batches.every((b) => b.length <= 32));
});

test('a worker that dies on a file: every other file is analysed once, that one is reported', async () => {
  const results = new Map<string, FileAnalysis>();
  const seen: string[] = [];
  const outcome = await analyzeInWorkers({ file: fakeWorker(), count: 2 }, { facts: defaultFacts(), settings: DEFAULT_SETTINGS }, items(150, 77), {
    onResult: (file, a) => { seen.push(file); results.set(file, a); },
  });
  assert.deepEqual(outcome.crashed.map((c) => c.file), ['/w/f77.py']);
  assert.match(outcome.crashed[0].reason, /parser crashed/);
  assert.deepEqual(outcome.notStarted, []);
  assert.ok(outcome.workers >= 1);
  assert.equal(seen.length, 149, 'no file twice');
  assert.equal(results.size, 149);
  assert.equal(results.get('/w/f3.py')!.summary as unknown, items(4)[3].text);
});

test('no worker can start: the files come back to the caller, or the calling thread analyses them when it shares the work', async () => {
  const missing = { file: path.join(os.tmpdir(), 'readiness-no-such-worker.js'), count: 2 };
  const base = { facts: defaultFacts(), settings: DEFAULT_SETTINGS };
  const out = await analyzeInWorkers(missing, base, items(40), { onResult: () => assert.fail('nothing analysed') });
  assert.equal(out.notStarted.length, 40);
  assert.equal(out.workers, 0);
  const here: string[] = [];
  const shared = await analyzeInWorkers({ ...missing, shareWork: true }, base, items(40), {
    onResult: (file) => here.push(file),
    analyzeHere: () => ({ findings: [], summary: {} as FileAnalysis['summary'], suppressions: new Map(), usage: new Set(), hasSyntaxErrors: false }),
  });
  assert.deepEqual(shared.notStarted, []);
  assert.deepEqual(here.sort(), items(40).map((i) => i.file).sort());
});

test('a cancelled scan stops taking results', async () => {
  let taken = 0;
  const outcome = await analyzeInWorkers({ file: fakeWorker(), count: 2 }, { facts: defaultFacts(), settings: DEFAULT_SETTINGS }, items(400), {
    onResult: () => { taken++; }, isCancelled: () => taken > 0,
  });
  assert.ok(taken > 0 && taken < 400, `took ${taken}`);
  assert.deepEqual(outcome.notStarted, []);
  assert.deepEqual(outcome.crashed, []);
});
