// Language server wiring: documents, folders, diagnostics, code actions, checklist requests.
// Analysis lives in engine/; this file decides *when* to analyse and what to send.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, CodeActionKind,
  DidChangeConfigurationNotification, DiagnosticSeverity, FileChangeType, MessageType, ShowMessageNotification, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { loadPythonParser } from './engine/parse/python';
import { markdownReport } from './engine/report/markdown';
import { Folders, type Folder } from './lsp/folders';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { codeActions, readFromDisk } from './lsp/codeActions';
import { folderChecklist } from './lsp/checklist';
import { readEditorSettings } from './lsp/settings';
import { fileToUri, uriToFile } from './lsp/convert';
import { TypeChecks } from './lsp/typeChecks';
import { insideRoot } from './engine/fixes';
import {
  CHECKLIST_CHANGED_NOTIFICATION, CHECKLIST_REQUEST, FIX_ALL_KIND, REPORT_REQUEST, RESCAN_REQUEST,
  type ChecklistResult, type ReportParams, type ReportResult,
} from './shared/protocol';

const DEBOUNCE_MS = 120;

/** Workers start from the boot file that started this process (dist/server.js), so they load through the code cache too. */
function workerEntry(): string {
  return require.main?.filename ?? __filename;
}
/**
 * The workspace scan analyses on worker threads at low priority (this bundle again, see main.ts): the
 * file being typed in never waits for a scan's current file. One core stays for this thread; a small
 * workspace is scanned in-process, where starting a worker would cost more than it saves.
 */
const SCAN_THREADS = { file: workerEntry(), count: Math.max(1, Math.min(os.availableParallelism() - 1, 4)), lowPriority: true, minBytes: 256 * 1024 };

const connection = createConnection(ProposedFeatures.all);
// The server stays up: a stray rejection or exception is logged, not fatal (the editor would restart
// us and lose the workspace index).
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${(reason as Error)?.stack ?? reason}`));
process.on('uncaughtException', (error) => connection.console.error(`uncaught exception: ${error.stack ?? error}`));
const documents = new TextDocuments(TextDocument);
const publisher = new DiagnosticsPublisher(connection);
const reportedErrors = new Set<string>();
const folders = new Folders((rule, file, error) => {
  const key = `${rule}:${(error as Error)?.message ?? error}`;
  if (reportedErrors.has(key)) return;
  reportedErrors.add(key);
  connection.console.error(`rule ${rule} failed on ${file}: ${(error as Error)?.stack ?? error}`);
});
// Type-aware TS/JS rules run in a worker thread; their findings join the file's diagnostics when they arrive.
const typeChecks = new TypeChecks(workerEntry(), { // the worker runs this same bundle (see main.ts)
  onFindings(key, file, token, findings) {
    const folder = folders.all().find((f) => TypeChecks.keyOf(f) === key);
    const doc = documents.get(fileToUri(file));
    if (!folder || (doc?.version ?? 0) !== token || !folder.index.has(file)) return; // superseded
    folder.index.setTypedFindings(file, findings);
    if (doc || folder.index.settings.scope === 'workspace') publisher.publish(file, folder.index.findingsFor(file), doc?.version);
    notifyChecklistChanged();
  },
  log(level, message) { if (level === 'error') connection.console.error(message); else connection.console.info(message); },
});
let canReadConfiguration = false;
let canReportProgress = false;
let initialFolders: { uri: string; name: string }[] = [];
let parserReady: Promise<void>;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  canReadConfiguration = !!params.capabilities.workspace?.configuration;
  canReportProgress = !!params.capabilities.window?.workDoneProgress;
  initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(URI.parse(params.rootUri).fsPath) }] : []);
  parserReady = loadPythonParser(__dirname);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'Production Readiness' },
  };
});

connection.onInitialized(async () => {
  if (canReadConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'readiness' });
  connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
    for (const removed of e.removed) {
      const folder = folders.all().find((f) => f.uri === removed.uri);
      if (folder) typeChecks.close(folder);
      folders.delete(removed.uri);
      if (folder) clearFolder(folder);
    }
    for (const added of e.added) await setUpFolder(added.uri, added.name);
    notifyChecklistChanged();
  });
  await parserReady;
  connection.console.info(`server ready ${Math.round(process.uptime() * 1000)} ms after its start (V8 code cache: ${process.env.READINESS_CODE_CACHE_STATUS ?? 'off'})`);
  await Promise.all(initialFolders.map((f) => setUpFolder(f.uri, f.name)));
});

async function setUpFolder(uri: string, name: string): Promise<void> {
  const previous = folders.all().find((f) => f.uri === uri);
  if (previous) typeChecks.close(previous);
  const folder = folders.set(uri, name, await readEditorSettings(connection, canReadConfiguration, uri));
  for (const loose of folders.dropLooseInside(folder)) {
    typeChecks.close(loose);
    // what the per-directory index published for a file this folder excludes would otherwise stay
    for (const file of loose.index.files()) if (!folder.index.covers(file)) publisher.clear(file);
  }
  publishConfigProblems(folder);
  if (folder.index.settings.enable && folder.index.settings.scope === 'workspace') await scan(folder);
  // open files only, or switched off (validate then clears what a per-directory index had published)
  else for (const doc of documents.all()) if (folders.ownerOf(uriToFile(doc.uri)) === folder) validate(doc);
}

/** A broken config is shown on the config file itself; the defaults apply meanwhile. */
function publishConfigProblems(folder: Folder): void {
  const byFile = new Map<string, typeof folder.configProblems>();
  for (const p of folder.configProblems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  for (const [file, problems] of byFile) {
    void connection.sendDiagnostics({ uri: fileToUri(file), diagnostics: problems.map((p) => ({
      range: { start: { line: p.line - 1, character: 0 }, end: { line: p.line - 1, character: 1000 } },
      severity: DiagnosticSeverity.Error, source: 'readiness', code: 'config',
      message: `${p.key ? `${p.key}: ` : ''}${p.message} (this setting is ignored; the rest of the config applies)`,
    })) });
  }
  if (folder.configProblems.length) {
    const first = folder.configProblems[0];
    // A notification, not showWarningMessage's request: there is nothing to answer, and a client that does
    // not answer requests must not leave a rejected promise behind.
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning,
      message: `Production Readiness: ${path.basename(first.file)}:${first.line}: ${first.key ? `${first.key}: ` : ''}${first.message}` });
  }
}

async function scan(folder: Folder): Promise<void> {
  const generation = folder.generation;
  folder.scanning = true;
  notifyChecklistChanged();
  const progress = canReportProgress ? await connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Production Readiness', 0, `Scanning ${folder.name}`, false);
  const started = Date.now();
  let workers = 0;
  try {
    ({ workers } = await folder.index.scan((p) => progress?.report(p.total ? Math.round((100 * p.done) / p.total) : 0, `${p.done}/${p.total} files`),
      () => folder.generation !== generation, SCAN_THREADS));
  } finally {
    progress?.done();
  }
  if (folder.generation !== generation) return;
  for (const doc of documents.all()) {
    const file = uriToFile(doc.uri);
    if (folders.ownerOf(file) !== folder || !folder.index.covers(file)) continue;
    if (tooLarge(folder, Buffer.byteLength(doc.getText()))) skipTooLarge(folder, file, doc.version);
    else {
      folder.index.update(file, doc.getText());
      analysedVersions.set(doc.uri, doc.version);
      // open files first and at once: their quick fixes now depend on the facts the scan read
      publisher.publish(file, folder.index.findingsFor(file), doc.version);
    }
  }
  folder.scanning = false;
  for (const s of folder.index.skipped) connection.console.info(`skipped ${s.rel}: ${s.reason}`);
  const where = workers ? `on ${workers} worker thread${workers === 1 ? '' : 's'}` : 'in-process';
  connection.console.info(`scanned ${folder.name}: ${folder.index.files().length} files in ${Date.now() - started} ms (${where})`);
  await publishFolder(folder);
  if (folder.generation !== generation) return;
  for (const s of folder.index.skipped) {
    const file = path.join(folder.index.root, s.rel);
    if (!folder.index.has(file) && !documents.get(fileToUri(file)) && folder.index.settings.scope === 'workspace') skipTooLarge(folder, file);
  }
  notifyChecklistChanged();
  typeChecks.checkAll(folder, openText);
}

function openText(file: string): { text: string; version: number } | undefined {
  const doc = documents.get(fileToUri(file));
  return doc ? { text: doc.getText(), version: doc.version } : undefined;
}

/**
 * Publishes every file of a folder, yielding to the event loop every 15 ms: after a scan of a large
 * workspace this is hundreds of messages, and an edit waiting behind them would delay the typed file.
 */
async function publishFolder(folder: Folder): Promise<void> {
  const workspaceScope = folder.index.settings.scope === 'workspace';
  const generation = folder.generation;
  let lastYield = Date.now();
  for (const file of folder.index.files()) {
    if (folder.generation !== generation || !folders.all().includes(folder)) return; // a new scan publishes instead
    const uri = fileToUri(file);
    const doc = documents.get(uri);
    if (doc || workspaceScope) publisher.publish(file, folder.index.findingsFor(file), doc ? analysedVersions.get(uri) ?? doc.version : undefined);
    if (Date.now() - lastYield > 15) {
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
  }
}

function folderFor(file: string): Folder {
  return folders.ownerOf(file) ?? folders.set(fileToUri(path.dirname(file)), path.basename(path.dirname(file)), {}, true);
}

const pending = new Map<string, NodeJS.Timeout>();
function scheduleValidation(doc: TextDocument): void {
  clearTimeout(pending.get(doc.uri));
  pending.set(doc.uri, setTimeout(() => { pending.delete(doc.uri); validate(doc); }, DEBOUNCE_MS));
}

/** Over readiness.maxFileSizeKb (generated or vendored code): not analysed, here as in the workspace scan. */
function tooLarge(folder: Folder, bytes: number): boolean {
  return bytes > folder.index.settings.maxFileSizeKb * 1024;
}

/** Drops a too-large file from the index and says so on the file, instead of analysing it or staying silent. */
function skipTooLarge(folder: Folder, file: string, version?: number): void {
  folder.index.remove(file);
  publisher.notice(file, {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information,
    source: 'readiness', code: 'file-too-large',
    message: `Not analysed: this file is larger than ${folder.index.settings.maxFileSizeKb} KB (setting readiness.maxFileSizeKb).`,
  }, version);
}

/** A file's text from disk for the index: undefined when gone, 'too large' (not read) over the size limit. */
function readForIndex(folder: Folder, file: string): string | undefined | 'too large' {
  try { if (tooLarge(folder, fs.statSync(file).size)) return 'too large'; } catch { return undefined; }
  return readFromDisk(file);
}

/** Clears what a folder published: findings and the notes on files it skipped. */
function clearFolder(folder: Folder): void {
  for (const file of folder.index.files()) publisher.clear(file);
  for (const s of folder.index.skipped) publisher.clear(path.join(folder.index.root, s.rel));
}

function validate(doc: TextDocument): void {
  if (URI.parse(doc.uri).scheme !== 'file') return;
  const file = uriToFile(doc.uri);
  const folder = folderFor(file);
  if (!folder.index.settings.enable || !folder.index.covers(file)) { publisher.clear(file); return; }
  if (documents.get(doc.uri)?.version !== doc.version) return; // superseded meanwhile
  if (tooLarge(folder, Buffer.byteLength(doc.getText()))) { skipTooLarge(folder, file, doc.version); return; }
  const { factsChanged } = folder.index.update(file, doc.getText());
  // The file's own findings go out now, with its project findings as last computed: evaluating the project
  // rules is O(workspace) (300 ms at 10,000 files) and must not delay the file being typed in.
  publisher.publish(file, folder.index.findingsFor(file, true), doc.version);
  analysedVersions.set(doc.uri, doc.version);
  typeChecks.edited(folder, file, doc.getText(), doc.version);
  if (factsChanged && !folder.loose && folder.index.settings.scope === 'workspace') { void scan(folder); return; }
  scheduleProjectRefresh(folder, file);
}

const PROJECT_DEBOUNCE_MS = 150;
/** The document version the index holds for each open file (what a later publish must be tagged with). */
const analysedVersions = new Map<string, number>();
const projectRefresh = new Map<Folder, { timer: NodeJS.Timeout; before: Set<string>; changed: Set<string> }>();

/** Re-evaluates the project rules once typing pauses, and re-sends what changed (the edited files too). */
function scheduleProjectRefresh(folder: Folder, changed: string): void {
  const pendingRefresh = projectRefresh.get(folder);
  clearTimeout(pendingRefresh?.timer);
  const before = pendingRefresh?.before ?? new Set(folder.index.lastProjectFiles());
  const files = pendingRefresh?.changed ?? new Set<string>();
  files.add(changed);
  const timer = setTimeout(() => {
    projectRefresh.delete(folder);
    if (!folders.all().includes(folder)) return;
    for (const file of files) {
      const uri = fileToUri(file);
      if (folder.index.has(file)) publisher.publish(file, folder.index.findingsFor(file), documents.get(uri) ? analysedVersions.get(uri) : undefined);
    }
    republishProjectFindings(folder, before, files);
  }, PROJECT_DEBOUNCE_MS);
  projectRefresh.set(folder, { timer, before, changed: files });
}

/**
 * Project findings elsewhere may appear or disappear after one file changed (a health route added in
 * probes.py fixes main.py): re-send the files that had or now have project findings, except those just `sent`.
 */
function republishProjectFindings(folder: Folder, before: Set<string>, sent: ReadonlySet<string>): void {
  for (const other of new Set([...before, ...folder.index.projectFindings().keys()])) {
    if (!sent.has(other)) publisher.publish(other, folder.index.findingsFor(other), documents.get(fileToUri(other))?.version);
  }
  notifyChecklistChanged();
}

let checklistTimer: NodeJS.Timeout | undefined;
function notifyChecklistChanged(): void {
  clearTimeout(checklistTimer);
  checklistTimer = setTimeout(() => void connection.sendNotification(CHECKLIST_CHANGED_NOTIFICATION), 200);
}

documents.onDidOpen(async (e) => { await parserReady; validate(e.document); });
documents.onDidChangeContent((e) => scheduleValidation(e.document));
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  analysedVersions.delete(e.document.uri);
  const file = uriToFile(e.document.uri);
  const folder = folders.ownerOf(file);
  if (!folder) { publisher.clear(file); return; }
  const before = new Set(folder.index.projectFindings().keys());
  const text = !folder.loose && folder.index.settings.scope === 'workspace' && folder.index.covers(file) ? readForIndex(folder, file) : undefined;
  if (text === undefined) { folder.index.remove(file); publisher.clear(file); }
  else if (text === 'too large') skipTooLarge(folder, file);
  else { folder.index.update(file, text); publisher.publish(file, folder.index.findingsFor(file)); typeChecks.fromDisk(folder, file); }
  republishProjectFindings(folder, before, new Set([file]));
});

connection.onDidChangeWatchedFiles(async (params) => {
  await parserReady;
  const touched = new Set<Folder>();
  const retypecheck = new Set<Folder>();
  for (const change of params.changes) {
    const file = uriToFile(change.uri);
    const folder = folders.ownerOf(file);
    if (!folder || folder.loose) continue;
    if (/^(\.readiness\.toml|pyproject\.toml)$/.test(path.relative(folder.index.root, file))) {
      await setUpFolder(folder.uri, folder.name);
      continue;
    }
    if (documents.get(change.uri) || !folder.index.covers(file) || folder.index.settings.scope !== 'workspace') continue;
    const text = change.type === FileChangeType.Deleted ? undefined : readForIndex(folder, file);
    if (text === undefined) { folder.index.remove(file); publisher.clear(file); } else if (text === 'too large') skipTooLarge(folder, file);
    else { folder.index.update(file, text); typeChecks.fromDisk(folder, file); }
    if (/^tsconfig(\..+)?\.json$/.test(path.basename(file))) retypecheck.add(folder); // referenced configs count too
    touched.add(folder);
  }
  for (const folder of touched) await publishFolder(folder);
  // a tsconfig changed: its programs are rebuilt from scratch
  for (const folder of retypecheck) { typeChecks.close(folder); typeChecks.checkAll(folder, openText); }
  if (touched.size) notifyChecklistChanged();
});

connection.onDidChangeConfiguration(async () => {
  for (const folder of folders.workspaceFolders()) {
    clearFolder(folder);
    await setUpFolder(folder.uri, folder.name);
  }
  notifyChecklistChanged();
});

connection.onCodeAction(async (params) => {
  await parserReady;
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const file = uriToFile(document.uri);
  const folder = folderFor(file);
  return codeActions(params, {
    document,
    findings: publisher.findings(document.uri),
    analyze: (text) => folder.index.previewFindings(file, text),
    readText: (f) => documents.get(fileToUri(f))?.getText() ?? readFromDisk(f),
    insideWorkspace: (f) => insideRoot(folder.index.root, f),
  });
});

connection.onRequest(CHECKLIST_REQUEST, async (): Promise<ChecklistResult> => {
  await parserReady;
  return { folders: folders.workspaceFolders().map(folderChecklist) };
});

connection.onRequest(RESCAN_REQUEST, async () => {
  await parserReady;
  await Promise.all(folders.workspaceFolders().map((f) => setUpFolder(f.uri, f.name)));
});

connection.onRequest(REPORT_REQUEST, async (params: ReportParams): Promise<ReportResult> => {
  const folder = folders.workspaceFolders().find((f) => f.uri === params.folderUri) ?? folders.workspaceFolders()[0];
  if (!folder) return { markdown: '# Production readiness\n\nNo folder is open.\n' };
  const findings = folder.index.allFindings();
  return { markdown: markdownReport(folder.index.root, folder.name, folder.index.checklist(), findings) };
});

documents.listen(connection);
connection.listen();
