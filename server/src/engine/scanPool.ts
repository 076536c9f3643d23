// Runs a scan's per-file analysis on worker threads (see scanWorker.ts). Files go out in small batches,
// taken by whichever thread is free, so one large module does not hold the others back. The calling
// thread can take batches too (the CLI: it would otherwise wait ~0.3 s for the workers to start). A
// worker that dies takes nothing with it: its batch is retried one file at a time, and a file that kills
// a worker on its own is reported as skipped. When no worker starts at all, the caller does the work.
import { Worker } from 'node:worker_threads';
import type { FileAnalysis, RuleErrorHandler } from './analyzeFile';
import type { ReadinessSettings } from './config';
import type { ProjectFacts } from './workspace/facts';
import type { FromScanWorker, ScanBatch, ScanWorkerData } from './scanWorker';

export interface ScanThreads {
  /** A bundle that runs `runScanWorker()` when started as a worker with `role: 'scan'` (its own file). */
  file: string;
  /** Worker threads to start. */
  count: number;
  lowPriority?: boolean;
  /** Smaller workspaces are analysed in-process: starting a worker costs more than it saves. */
  minBytes?: number;
  /** The calling thread analyses batches too, between handling the workers' messages. */
  shareWork?: boolean;
}

export interface PoolItem { file: string; text: string; settings?: ReadinessSettings }

export interface PoolOutcome {
  /** Not analysed because no worker could start (and the calling thread does not share the work). */
  notStarted: PoolItem[];
  /** Files a worker died on, alone (a parser crash, memory): skipped, with the reason. */
  crashed: { file: string; reason: string }[];
  /** Workers that started and analysed something. */
  workers: number;
}

export interface PoolHooks {
  onResult(file: string, analysis: FileAnalysis): void;
  onRuleError?: RuleErrorHandler;
  isCancelled?(): boolean;
  /** The in-process analysis, for `shareWork`. */
  analyzeHere?(item: PoolItem): FileAnalysis;
}

const BATCH_BYTES = 128 * 1024;
const BATCH_FILES = 32;
/** Batches sent ahead to each worker, so it does not idle while the calling thread is busy. */
const AHEAD = 2;

/** Consecutive files up to BATCH_BYTES of text or BATCH_FILES files per batch. */
export function toBatches(items: PoolItem[]): PoolItem[][] {
  const batches: PoolItem[][] = [];
  let current: PoolItem[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length && (bytes + item.text.length > BATCH_BYTES || current.length >= BATCH_FILES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.text.length;
  }
  if (current.length) batches.push(current);
  return batches;
}

export function analyzeInWorkers(threads: ScanThreads, base: { facts: ProjectFacts; settings: ReadinessSettings }, items: PoolItem[],
  hooks: PoolHooks): Promise<PoolOutcome> {
  const queue = toBatches(items);
  const data: ScanWorkerData = { role: 'scan', facts: base.facts, settings: base.settings, lowPriority: !!threads.lowPriority };
  /** Batches sent to each live worker, oldest (the one it is analysing) first. */
  const sent = new Map<Worker, PoolItem[][]>();
  const crashed: PoolOutcome['crashed'] = [];
  const sharing = !!threads.shareWork && !!hooks.analyzeHere;
  let hereBusy = false;
  const working = new Set<Worker>();
  let nextId = 0;
  let finished = false;

  return new Promise((resolve) => {
    const finish = (notStarted: PoolItem[]) => {
      if (finished) return;
      finished = true;
      for (const w of sent.keys()) void w.terminate();
      resolve({ notStarted, crashed, workers: working.size });
    };
    /** Done when nothing is queued, sent or being analysed here; stuck when work is left and nobody can take it. */
    const settle = () => {
      if (finished) return;
      if (hooks.isCancelled?.()) { finish([]); return; }
      const outstanding = [...sent.values()].some((b) => b.length > 0);
      if (queue.length === 0 && !outstanding && !hereBusy) finish([]);
      else if (sent.size === 0 && !hereBusy && !sharing) finish(queue.flat());
    };

    const feed = (worker: Worker) => {
      const batches = sent.get(worker)!;
      while (!finished && batches.length < AHEAD && queue.length) {
        const batch = queue.shift()!;
        batches.push(batch);
        worker.postMessage({ id: nextId++, files: batch } satisfies ScanBatch);
      }
    };

    const start = () => {
      let worker: Worker;
      try {
        worker = new Worker(threads.file, { workerData: data });
      } catch {
        settle();
        return;
      }
      sent.set(worker, []);
      let ready = false;
      let lastError: unknown;
      worker.on('message', (m: FromScanWorker) => {
        if (finished) return;
        if (m.kind === 'ready') ready = true;
        else {
          sent.get(worker)!.shift();
          working.add(worker);
          for (const r of m.results) hooks.onResult(r.file, r.analysis);
          for (const e of m.ruleErrors) hooks.onRuleError?.(e.rule, e.file, Object.assign(new Error(e.message), { stack: e.stack }));
        }
        feed(worker);
        settle();
      });
      worker.on('error', (error) => { lastError = error; });
      worker.on('exit', (code) => {
        const batches = sent.get(worker) ?? [];
        sent.delete(worker);
        if (finished) return;
        const [current, ...unstarted] = batches;
        queue.unshift(...unstarted);
        if (current && ready) {
          if (current.length === 1) crashed.push({ file: current[0].file, reason: `its analysis stopped the worker (${(lastError as Error)?.message ?? `exit code ${code}`})` });
          else queue.unshift(...current.map((item) => [item]));
        } else if (current) queue.unshift(current);
        // a worker that never started (missing bundle, no memory) is not replaced; one that died on a file is
        if (ready && queue.length) start();
        settle();
      });
    };

    const analyzeHere = async () => {
      while (!finished && queue.length) {
        const batch = queue.shift()!;
        hereBusy = true;
        for (const item of batch) hooks.onResult(item.file, hooks.analyzeHere!(item));
        hereBusy = false;
        await new Promise((r) => setImmediate(r)); // take the workers' results and keep them fed
      }
      settle();
    };

    if (queue.length === 0) { finish([]); return; }
    const count = Math.max(0, Math.min(threads.count, queue.length));
    for (let i = 0; i < count; i++) start();
    if (sharing) void analyzeHere();
    else settle();
  });
}
