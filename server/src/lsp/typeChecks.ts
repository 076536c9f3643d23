// Drives the type-checking worker: tells it the texts of open TS/JS files and which files to check, and
// hands its findings back. Checks of the file being edited are debounced and go first; a workspace pass
// after the scan streams in behind them. The worker starts on first use and is restarted if it dies.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../engine/types';
import type { Folder } from './folders';
import { isScriptFile } from '../engine/parse/script';
import { TYPED_SCRIPT_RULES } from '../engine/rules/index';
import type { FromTypeWorker, ToTypeWorker } from '../shared/typeWorkerProtocol';

const EDIT_DEBOUNCE_MS = 250;

export interface TypeCheckHandlers {
  /** Findings computed for `token` (a document version, 0 for the file on disk). */
  onFindings(key: string, file: string, token: number, findings: Finding[]): void;
  log(level: 'info' | 'error', message: string): void;
}

export class TypeChecks {
  private worker?: Worker;
  private readonly opened = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly workerFile: string, private readonly handlers: TypeCheckHandlers) {}

  static keyOf(folder: Folder): string { return `${folder.uri}#${folder.generation}`; }

  /** An open document changed: send its text now, check it once typing pauses. */
  edited(folder: Folder, file: string, text: string, version: number): void {
    if (!this.applies(folder, file)) return;
    this.send(folder, { kind: 'text', key: TypeChecks.keyOf(folder), file, text });
    const timerKey = `${TypeChecks.keyOf(folder)}|${file}`;
    clearTimeout(this.timers.get(timerKey));
    this.timers.set(timerKey, setTimeout(() => {
      this.timers.delete(timerKey);
      this.check(folder, file, version, true);
    }, EDIT_DEBOUNCE_MS));
  }

  /** A document closed or a file changed on disk: the worker reads it again and re-checks it. */
  fromDisk(folder: Folder, file: string): void {
    if (!this.applies(folder, file)) return;
    this.send(folder, { kind: 'text', key: TypeChecks.keyOf(folder), file, text: null });
    this.check(folder, file, 0, false);
  }

  /** Every TS/JS file of the folder, after a scan (open documents with their editor text). */
  checkAll(folder: Folder, openText: (file: string) => { text: string; version: number } | undefined): void {
    for (const file of folder.index.files()) {
      if (!this.applies(folder, file)) continue;
      const open = openText(file);
      if (open) this.send(folder, { kind: 'text', key: TypeChecks.keyOf(folder), file, text: open.text });
      this.check(folder, file, open?.version ?? 0, false);
    }
  }

  close(folder: Folder): void {
    const key = TypeChecks.keyOf(folder);
    if (this.opened.delete(key)) this.worker?.postMessage({ kind: 'close', key } satisfies ToTypeWorker);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    void this.worker?.terminate();
  }

  private applies(folder: Folder, file: string): boolean {
    if (!isScriptFile(file) || !folder.index.settings.enable) return false;
    const rules = folder.index.settingsFor(file).rules;
    return TYPED_SCRIPT_RULES.some((r) => rules[r.meta.id] !== 'off');
  }

  private check(folder: Folder, file: string, token: number, urgent: boolean): void {
    const rules = folder.index.settingsFor(file).rules;
    const enabled = TYPED_SCRIPT_RULES.map((r) => r.meta.id).filter((id) => rules[id] !== 'off');
    this.send(folder, { kind: 'check', key: TypeChecks.keyOf(folder), file, token, urgent, enabled, facts: folder.index.facts });
  }

  private send(folder: Folder, message: ToTypeWorker): void {
    const worker = this.start();
    const key = TypeChecks.keyOf(folder);
    if (!this.opened.has(key)) {
      this.opened.add(key);
      worker.postMessage({ kind: 'open', key, root: folder.index.root, tsconfigs: folder.index.tsconfigs() } satisfies ToTypeWorker);
    }
    worker.postMessage(message);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(this.workerFile));
    worker.on('message', (m: FromTypeWorker) => {
      if (m.kind === 'findings') this.handlers.onFindings(m.key, m.file, m.token, m.findings);
      else this.handlers.log(m.level, m.message);
    });
    worker.on('error', (error) => this.handlers.log('error', `type-check worker failed: ${error.stack ?? error}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      // the next edit starts a fresh worker; folders are opened again on first use
      this.worker = undefined;
      this.opened.clear();
      if (code !== 0) this.handlers.log('error', `type-check worker exited with code ${code}; it restarts on the next edit`);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
