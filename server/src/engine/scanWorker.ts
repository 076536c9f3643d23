// The workspace scan's analysis in a worker thread: the language server's main thread stays free for the
// file being typed in, and the CLI analyses on every core. Started from the same bundle as its parent
// (dist/server-core.js, dist/cli-core.js) with `workerData.role === 'scan'`. Receives batches of file texts,
// answers with their analyses; nothing is shared but the messages.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFile, type FileAnalysis } from './analyzeFile';
import type { ReadinessSettings } from './config';
import { loadPythonParser } from './parse/python';
import type { ProjectFacts } from './workspace/facts';

/** What the worker is started with (structured-cloned once, not sent with every batch). */
export interface ScanWorkerData {
  role: 'scan';
  facts: ProjectFacts;
  settings: ReadinessSettings;
  /** Lower the thread's CPU priority: the language server's typing path comes first. */
  lowPriority: boolean;
}

/** `settings`: only for files that a path override gives other settings than the folder's. */
export interface ScanBatch { id: number; files: { file: string; text: string; settings?: ReadinessSettings }[] }

export type FromScanWorker =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; results: { file: string; analysis: FileAnalysis }[]; ruleErrors: SerializedRuleError[] };

export interface SerializedRuleError { rule: string; file: string; message: string; stack?: string }

export function isScanWorker(data: unknown): data is ScanWorkerData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === 'scan';
}

export function runScanWorker(): void {
  const port = parentPort!;
  const data = workerData as ScanWorkerData;
  // On Linux, setpriority(0) applies to the calling thread only.
  if (data.lowPriority && process.platform === 'linux') {
    try { os.setPriority(10); } catch { /* not permitted: run at normal priority */ }
  }
  void loadPythonParser().then(() => {
    port.on('message', (batch: ScanBatch) => port.postMessage(analyzeBatch(batch, data)));
    port.postMessage({ kind: 'ready' } satisfies FromScanWorker);
  });
}

function analyzeBatch(batch: ScanBatch, data: ScanWorkerData): FromScanWorker {
  const ruleErrors: SerializedRuleError[] = [];
  const onRuleError = (rule: string, file: string, error: unknown) => {
    ruleErrors.push({ rule, file, message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack });
  };
  const results = batch.files.map(({ file, text, settings }) => ({
    file, analysis: analyzeFile(file, text, { facts: data.facts, settings: settings ?? data.settings, onRuleError }),
  }));
  return { kind: 'done', id: batch.id, results, ruleErrors };
}
