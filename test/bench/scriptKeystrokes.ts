// Bench figure: syntax-only analysis of a 3,000-line TypeScript file per keystroke, measured while the
// type-aware pass keeps re-checking the same file in the worker thread (the language server's set-up).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import type { ReadinessSettings } from '../../server/src/engine/config';
import type { ProjectFacts } from '../../server/src/engine/workspace/facts';
import type { FromTypeWorker, ToTypeWorker } from '../../server/src/shared/typeWorkerProtocol';
import { TYPED_SCRIPT_RULES } from '../../server/src/engine/rules/index';

export interface KeystrokeFigure { median: number; p95: number; lines: number; typeChecks: number; typeCheckMedian: number }

/** A 3,000-line module from the TS fixtures, each copy in its own namespace. */
export function threeThousandLineModule(repo: string): string {
  const sources = ['swallowed-catch/cases.ts', 'deprecated-api/cases.ts', 'swallowed-catch/nest/orders.service.ts']
    .map((f) => fs.readFileSync(path.join(repo, 'test/fixtures/rules', f), 'utf8')
      .split('\n').filter((l) => !/^\s*\/\/\s*\^/.test(l) && !/^import /.test(l)).join('\n'));
  const out: string[] = [];
  for (let i = 0; out.length < 3000; i++) out.push(`export namespace Copy${i} {`, ...sources[i % sources.length].split('\n'), '}');
  return out.slice(0, 3000).join('\n');
}

/**
 * A real ~2,900-line TypeScript source that the dev dependencies happen to ship (MSAL's browser controller,
 * under @vscode/vsce), when present: realistic density of catches and calls, unlike the fixture copies.
 */
export function realLargeTypeScriptFile(repo: string): { name: string; text: string } | undefined {
  const candidates = ['node_modules/@azure/msal-browser/src/controllers/StandardController.ts', 'node_modules/@azure/msal-common/src/cache/CacheManager.ts'];
  for (const rel of candidates) {
    const full = path.join(repo, rel);
    if (fs.existsSync(full)) return { name: rel.replace(/^node_modules\//, ''), text: fs.readFileSync(full, 'utf8') };
  }
  return undefined;
}

export async function measureScriptKeystrokes(repo: string, runs: number, settings: ReadinessSettings, facts: ProjectFacts,
  source: string = threeThousandLineModule(repo)): Promise<KeystrokeFigure> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-ts-'));
  const file = path.join(dir, 'big.ts');
  let text = source;
  fs.writeFileSync(file, text);
  fs.copyFileSync(path.join(repo, 'test/fixtures/rules/deprecated-api/legacy.ts'), path.join(dir, 'legacy.ts'));

  // The worker re-checks the file as fast as it can for the whole measurement.
  const worker = new Worker(path.join(repo, 'dist', 'server.js'));
  const send = (m: ToTypeWorker) => worker.postMessage(m);
  const enabled = TYPED_SCRIPT_RULES.map((r) => r.meta.id);
  let typeChecks = 0;
  let checkStarted = performance.now();
  const checkTimes: number[] = [];
  let stopped = false;
  const recheck = () => {
    send({ kind: 'text', key: 'bench', file, text });
    send({ kind: 'check', key: 'bench', file, token: typeChecks, urgent: true, enabled, facts });
    checkStarted = performance.now();
  };
  worker.on('message', (m: FromTypeWorker) => {
    if (m.kind !== 'findings' || stopped) return;
    typeChecks++;
    checkTimes.push(performance.now() - checkStarted);
    recheck();
  });
  send({ kind: 'open', key: 'bench', root: dir, tsconfigs: [] });
  recheck();
  // let the first program build start before measuring
  await new Promise((r) => setTimeout(r, 300));

  const samples: number[] = [];
  const insertAt = Math.max(0, text.indexOf('return ', text.length >> 1)); // a keystroke in the middle of the file
  for (let i = 0; i < runs; i++) {
    text = `${text.slice(0, insertAt)}${i % 2 ? '' : ' '}${text.slice(insertAt)}`; // a keystroke
    const t = performance.now();
    analyzeFile(file, text, { facts, settings });
    samples.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 30)); // typing speed; the worker keeps going meanwhile
  }
  stopped = true;
  await worker.terminate();
  fs.rmSync(dir, { recursive: true, force: true });
  const sorted = [...samples].sort((a, b) => a - b);
  const checks = [...checkTimes].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)],
    lines: text.split('\n').length, typeChecks, typeCheckMedian: checks[Math.floor(checks.length / 2)] ?? NaN,
  };
}
