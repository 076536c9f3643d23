// A minimal LSP client for tests: starts the bundled server over stdio and records what it sends.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  type PublishDiagnosticsParams, type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

export const REPO = path.resolve(__dirname, '..', '..', '..');

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publish, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: unknown[] = [];
  /** window/logMessage texts (the output channel). */
  readonly logs: string[] = [];
  checklistChanges = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly settings: Record<string, unknown> = {}) {
    // READINESS_SERVER: a server bundle built elsewhere (parallel work must not rewrite dist/ under running tests)
    this.process = spawn(process.execPath, [process.env.READINESS_SERVER ?? path.join(REPO, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { this.diagnostics.set(p.uri, p); this.published.push(p); this.wake(); });
    this.connection.onNotification('$/progress', (p) => { this.progress.push(p); this.wake(); });
    this.connection.onNotification('readiness/checklistChanged', () => { this.checklistChanges++; this.wake(); });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); this.wake(); });
    this.connection.onNotification('window/showMessage', () => {});
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  private wake(): void { for (const w of this.waiters.splice(0)) w(); }

  /** Waits until `check` returns a truthy value (re-checked on every message from the server). */
  async until<T>(check: () => T | undefined | false, what: string, ms = 15_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 100); });
    }
  }

  async initialize(root: string): Promise<void> {
    const uri = URI.file(root).toString();
    await this.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: path.basename(root) }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await this.connection.sendNotification('initialized', {});
  }

  diagnosticsOf(file: string): Diagnostic[] { return this.diagnostics.get(URI.file(file).toString())?.diagnostics ?? []; }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch { /* already gone */ }
    this.connection.dispose();
    this.process.kill();
  }
}
