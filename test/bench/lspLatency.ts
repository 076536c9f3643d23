// Figure 2, the editor path through the real language server (dist/server.js over stdio, driven like the
// LSP tests drive it): time from `initialize` to the first diagnostics of a file opened at once; the
// start-up workspace scan of a real tree (Django when installed) and the server's RSS after it; then, with
// and without rescans kept running in the background, didChange → publishDiagnostics for single-character edits in a
// 5,000-line Python file and a 3,000-line TS file (p50/p95/p99), and code-action latency.
//
// The server debounces edits (DEBOUNCE_MS in server/src/server.ts) before analysing: the end-to-end
// latency includes that wait, so the budget applies to the time after it (end-to-end − debounce).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { TestClient } from '../lsp/client';
import { RESCAN_REQUEST } from '../../server/src/shared/protocol';
import { type Corpus } from './corpus';
import { countLines, type Figure, fmt, median, percentile, REPO } from './common';
import { realLargeTypeScriptFile, threeThousandLineModule } from './scriptKeystrokes';

/** The server's debounce before analysing an edited document (server/src/server.ts). */
export const SERVER_DEBOUNCE_MS = 120;

export interface EditLatency { file: string; lines: number; edits: number; p50: number; p95: number; p99: number; max: number; background: boolean; rescans: number }
export interface LspResult {
  workspace: string; workspaceFiles?: number; scanMs?: number; rssAfterScanMb?: number; peakRssMb?: number;
  firstDiagnosticsMs: number; firstFromSpawnMs: number;
  /** The same on a later start, with the V8 code cache the first start wrote (how editors start it after the first time). */
  warmFirstDiagnosticsMs?: number; warmFirstFromSpawnMs?: number; edits: EditLatency[]; codeAction?: { requests: number; p50: number; p95: number };
}

/** Real stdlib modules, whole, concatenated and cut at a top-level definition to ~`lines` lines. */
export function realPythonFile(corpus: Corpus | undefined, lines: number): { text: string; name: string } {
  // public modules (not _sysconfigdata and the like): ordinary code, alphabetical
  const mods = (corpus?.pythonFiles ?? []).filter((f) => path.dirname(f) === corpus!.root && !path.basename(f).startsWith('_'))
    .map((f) => ({ f, text: fs.readFileSync(f, 'utf8') })).filter((m) => { const n = countLines(m.text); return n > 400 && n < 3000; })
    .sort((a, b) => a.f.localeCompare(b.f));
  const out: string[] = [];
  const names: string[] = [];
  for (const m of mods) {
    if (out.length >= lines + 300) break;
    out.push(...m.text.split('\n'));
    names.push(path.basename(m.f));
  }
  if (out.length < lines) { // no stdlib: the example module, repeated
    const ex = fs.readFileSync(path.join(REPO, 'examples/app/routers/orders.py'), 'utf8').split('\n');
    while (out.length < lines) out.push(...ex);
    names.push('examples/app/routers/orders.py (repeated)');
  }
  // cut at the first top-level definition from `lines` on: whole statements, at least `lines` lines
  let cut = lines;
  while (cut < out.length && !/^(def|class|async def) /.test(out[cut])) cut++;
  return { text: out.slice(0, cut).join('\n'), name: names.join(' + ') };
}

/** Lines of `text` with an assignment (`name = …`) where one more letter before ` = ` keeps the syntax valid. */
function editSites(text: string, count: number): { line: number; character: number }[] {
  const sites: { line: number; character: number }[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /^(\s*(?:const |let |var )?[A-Za-z_]\w*) = /.exec(l);
    if (m) sites.push({ line: i, character: m[1].length });
  });
  const step = Math.max(1, Math.floor(sites.length / count));
  return sites.filter((_, i) => i % step === 0).slice(0, count);
}

function rssMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch { return undefined; }
}

async function measureEdits(client: TestClient, file: string, languageId: string, text: string, edits: number, background: boolean): Promise<EditLatency> {
  const uri = URI.file(file).toString();
  const start = client.published.length;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await client.until(() => client.published.slice(start).some((p) => p.uri === uri), `first diagnostics of ${path.basename(file)}`, 60_000);
  const sites = editSites(text, 20);
  // with `background`, a workspace scan keeps running meanwhile (one rescan after the other)
  let editing = background;
  let rescans = 0;
  const scans = (async () => {
    while (editing) { await client.connection.sendRequest(RESCAN_REQUEST); rescans++; }
  })();
  const samples: number[] = [];
  let version = 1;
  for (let i = 0; i < edits; i++) {
    const site = sites[Math.floor(i / 2) % sites.length];
    const insert = i % 2 === 0; // type a letter, then delete it: the file stays valid between pairs
    version++;
    const change = insert
      ? { range: { start: site, end: site }, text: 'x' }
      : { range: { start: site, end: { line: site.line, character: site.character + 1 } }, text: '' };
    const from = client.published.length;
    const t = performance.now();
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const v = version;
    await client.until(() => client.published.slice(from).some((p) => p.uri === uri && p.version === v), `diagnostics of version ${v}`, 30_000);
    samples.push(performance.now() - t);
  }
  editing = false;
  await scans;
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { file: path.basename(file), lines: countLines(text), edits, p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), p99: percentile(samples, 0.99), max: Math.max(...samples), background, rescans };
}

export async function lspLatency(workspace: Corpus | undefined, pyCorpus: Corpus | undefined, edits: number, editsDuringScans: number): Promise<LspResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-lsp-'));
  if (workspace) fs.cpSync(workspace.root, path.join(root, path.basename(workspace.root)), { recursive: true });
  const editDir = path.join(root, 'bench_edits');
  fs.mkdirSync(editDir);
  const py = realPythonFile(pyCorpus, 5000);
  const realTs = realLargeTypeScriptFile(REPO);
  const tsText = realTs?.text ?? threeThousandLineModule(REPO);
  const pyFile = path.join(editDir, 'large_module.py');
  const tsFile = path.join(editDir, 'large_module.ts');
  fs.writeFileSync(pyFile, py.text);
  fs.writeFileSync(tsFile, tsText);
  const openFile = path.join(editDir, 'opened_first.py');
  fs.copyFileSync(path.join(REPO, 'examples/app/routers/orders.py'), openFile);

  // the server keeps V8's code cache where the editor says (here: through the environment, as its workers do)
  const cacheDir = path.join(root, 'v8-cache');
  process.env.READINESS_CODE_CACHE_DIR = cacheDir;
  const spawned = performance.now();
  const client = new TestClient({ enable: true, scope: 'workspace' });
  let scanMs: number | undefined;
  let scanFiles: number | undefined;
  let rssAfterScanMb: number | undefined;
  client.connection.onNotification('window/logMessage', (p: { message: string }) => {
    const m = /^scanned .*?: (\d+) files in (\d+) ms/.exec(p.message);
    if (m && scanMs === undefined) { scanFiles = Number(m[1]); scanMs = Number(m[2]); rssAfterScanMb = rssMb(client.process.pid, 'VmRSS'); }
  });
  try {
    const firstDiagnosticsMs = await initializeAndOpen(client, root, openFile);
    const firstFromSpawnMs = performance.now() - spawned;
    const uri = URI.file(openFile).toString();
    await client.until(() => scanMs !== undefined, 'the start-up scan', 300_000);

    const result: LspResult = { workspace: workspace?.name ?? 'no real tree (edited files only)', workspaceFiles: scanFiles, scanMs, rssAfterScanMb, firstDiagnosticsMs, firstFromSpawnMs, edits: [] };
    for (const background of [false, true]) {
      const n = background ? editsDuringScans : edits;
      if (!n) continue;
      const pyEdits = await measureEdits(client, pyFile, 'python', py.text, n, background);
      result.edits.push({ ...pyEdits, file: `${pyEdits.file} (${py.name})` });
      const tsEdits = await measureEdits(client, tsFile, 'typescript', tsText, n, background);
      result.edits.push({ ...tsEdits, file: `${tsEdits.file} (${realTs?.name ?? 'fixture copies'})` });
    }

    // code actions on a finding of the first file, repeated
    const diags = client.diagnosticsOf(openFile);
    if (diags.length) {
      const samples: number[] = [];
      for (let i = 0; i < 50; i++) {
        const d = diags[i % diags.length];
        const t = performance.now();
        await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
        samples.push(performance.now() - t);
      }
      result.codeAction = { requests: samples.length, p50: median(samples), p95: percentile(samples, 0.95) };
    }
    result.peakRssMb = rssMb(client.process.pid, 'VmHWM');
    await client.stop();
    Object.assign(result, await warmStart(root, openFile, cacheDir));
    return result;
  } finally {
    delete process.env.READINESS_CODE_CACHE_DIR;
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `initialize`, then open a file at once: the time until its first diagnostics. */
async function initializeAndOpen(client: TestClient, root: string, openFile: string): Promise<number> {
  const t0 = performance.now();
  await client.initialize(root);
  const uri = URI.file(openFile).toString();
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: fs.readFileSync(openFile, 'utf8') } });
  await client.until(() => client.published.some((p) => p.uri === uri && p.version === 1), 'first diagnostics', 60_000);
  return performance.now() - t0;
}

/** A second start of the server on the same workspace, once the first one has written its code cache. */
async function warmStart(root: string, openFile: string, cacheDir: string): Promise<Partial<LspResult>> {
  if (!fs.existsSync(cacheDir) || !fs.readdirSync(cacheDir).some((f) => f.endsWith('.v8cache'))) return {};
  const spawned = performance.now();
  const client = new TestClient({ enable: true, scope: 'workspace' });
  try {
    const warmFirstDiagnosticsMs = await initializeAndOpen(client, root, openFile);
    return { warmFirstDiagnosticsMs, warmFirstFromSpawnMs: performance.now() - spawned };
  } finally {
    await client.stop();
  }
}

export function lspFigures(r: LspResult): Figure[] {
  const section = 'Editor path (language server over stdio)';
  const figures: Figure[] = r.warmFirstDiagnosticsMs !== undefined ? [{
    section, name: 'From `initialize` to the first diagnostics of a file opened at once (every start after the first: V8 code cache)', value: r.warmFirstDiagnosticsMs, unit: 'ms', budget: 300, better: 'lower',
    note: `${fmt(r.warmFirstFromSpawnMs!)} ms from spawning the server; the start-up scan of ${r.workspace} runs meanwhile`,
  }, {
    section, name: 'From `initialize` to the first diagnostics, first start ever (no code cache yet)', value: r.firstDiagnosticsMs, unit: 'ms', better: 'lower',
    note: `${fmt(r.firstFromSpawnMs)} ms from spawning the server`,
  }] : [{
    section, name: 'From `initialize` to the first diagnostics of a file opened at once', value: r.firstDiagnosticsMs, unit: 'ms', budget: 300, better: 'lower',
    note: `${fmt(r.firstFromSpawnMs)} ms from spawning the server (no code cache was written); the start-up scan of ${r.workspace} runs meanwhile`,
  }];
  if (r.scanMs !== undefined) {
    figures.push({ section, name: `Start-up workspace scan in the server, ${r.workspace} (${fmt(r.workspaceFiles ?? 0)} files)`, value: r.scanMs, unit: 'ms', better: 'lower', note: 'as the server logs it; one run' });
  }
  if (r.rssAfterScanMb !== undefined) {
    figures.push({ section, name: `Server RSS after scanning ${r.workspace}`, value: r.rssAfterScanMb, unit: 'MB', budget: 250, better: 'lower',
      note: r.peakRssMb !== undefined ? `peak (VmHWM) over the whole session ${fmt(r.peakRssMb)} MB` : undefined });
  }
  for (const e of r.edits) {
    const ts = /\.ts\b/.test(e.file);
    const budget = ts ? 20 : 15;
    figures.push({ section, name: `didChange → publishDiagnostics after the ${SERVER_DEBOUNCE_MS} ms debounce, ${fmt(e.lines)}-line ${ts ? 'TS' : 'Python'} file, ${e.edits} edits${e.background ? `, workspace rescans of ${r.workspace} running meanwhile` : ', no scan running'} (p95)`,
      value: e.p95 - SERVER_DEBOUNCE_MS, unit: 'ms', budget, better: 'lower',
      note: `${e.file}; end-to-end p50 ${fmt(e.p50, 1)} / p95 ${fmt(e.p95, 1)} / p99 ${fmt(e.p99, 1)} / max ${fmt(e.max, 1)} ms including the debounce${e.background ? `; ${e.rescans} rescans completed meanwhile` : ''}` });
  }
  if (r.codeAction) {
    figures.push({ section, name: 'Code actions on a finding (p95)', value: r.codeAction.p95, unit: 'ms', better: 'lower', note: `median ${fmt(r.codeAction.p50, 1)} ms over ${r.codeAction.requests} requests` });
  }
  return figures;
}
