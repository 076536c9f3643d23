// `npm run bench`: speed figures measured on this machine, written to bench/results.json and
// bench/RESULTS.md (+ bench/scaling.svg). Not part of the test command (timings are not assertions); budgets
// are reported as pass/fail. Parts, each in its own file:
//   micro    per-file and per-keystroke figures in process, a small in-process workspace scan (this file)
//   cold     cold CLI scan on real code versus Ruff WASM and Pylint, parse-only floor (coldScan.ts)
//   scaling  cold CLI scan time versus synthetic workspace size, SVG chart (scaling.ts, svg.ts)
//   lsp      the language server over stdio: first diagnostics, edit latency, RSS (lspLatency.ts)
//   project  one-file edit in a 10,000-file workspace: file, project rules, checklist (projectModel.ts)
// Peers and corpora are installed by the bench itself into its cache (peers.ts, corpus.ts).
//
// Environment: BENCH_PARTS=micro,cold,scaling,lsp,project (default all) · BENCH_PROJECT_FILES (10000) · BENCH_RUNS (micro, 60) ·
// BENCH_COLD_RUNS (3) · BENCH_PYLINT_RUNS (3) · BENCH_SCALING_SIZES (1000,2500,5000,10000,20000) ·
// BENCH_SCALING_RUNS (default 3 up to 5k files, 2 up to 10k, 1 above) · BENCH_LSP_EDITS (200, no scan running) ·
// BENCH_LSP_SCAN_EDITS (100, with rescans running) ·
// BENCH_CACHE (~/.cache/readiness-bench) · BENCH_INSTALL=0 (install nothing) · BENCH_RUFF_VERSION (0.17.4).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPythonParser, parsePython } from '../../server/src/engine/parse/python';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import { mergeSettings } from '../../server/src/engine/config';
import { deriveFacts } from '../../server/src/engine/workspace/facts';
import { WorkspaceIndex } from '../../server/src/engine/workspaceIndex';
import { ALL_RULES } from '../../server/src/engine/rules/index';
import { measureScriptKeystrokes, realLargeTypeScriptFile } from './scriptKeystrokes';
import { type Figure, fmt, machineDescription, REPO, verdictOf } from './common';
import { type Corpus, cpythonCorpus, djangoCorpus } from './corpus';
import { ensureDebian, ensureRuff, type Peer, pylintPeer, RUFF_RULES } from './peers';
import { coldScan, coldScanFigures, coldScanTable, type CorpusResult, PYLINT_MESSAGES } from './coldScan';
import { scaling, scalingFigures, scalingSvg, scalingTable, type ScalingResult, SUPERLINEAR } from './scaling';
import { lspFigures, lspLatency, type LspResult, SERVER_DEBOUNCE_MS } from './lspLatency';
import { projectModel, projectModelFigures, type ProjectModelResult } from './projectModel';

const RUNS = Number(process.env.BENCH_RUNS || 60);
const PARTS = new Set((process.env.BENCH_PARTS || 'micro,cold,scaling,lsp,project').split(',').map((s) => s.trim()));
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS || 3);
const PYLINT_RUNS = Number(process.env.BENCH_PYLINT_RUNS ?? 3);
const SCALING_SIZES = (process.env.BENCH_SCALING_SIZES || '1000,2500,5000,10000,20000').split(',').map(Number).filter((n) => n > 0);
const scalingRuns = (n: number) => Number(process.env.BENCH_SCALING_RUNS) || (n <= 5000 ? 3 : n <= 10000 ? 2 : 1);
const LSP_EDITS = Number(process.env.BENCH_LSP_EDITS || 200);
const LSP_SCAN_EDITS = Number(process.env.BENCH_LSP_SCAN_EDITS ?? 100);

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] };
}

/** A realistic ~1,000-line module: the example service's router and clients, repeated. */
function thousandLineModule(): string {
  const parts = ['app/routers/orders.py', 'app/clients/payments.py', 'app/settings.py', 'app/db.py']
    .map((f) => fs.readFileSync(path.join(REPO, 'examples', f), 'utf8'));
  let text = '';
  for (let i = 0; text.split('\n').length < 1000; i++) text += `${parts[i % parts.length]}\n\n`;
  return text.split('\n').slice(0, 1000).join('\n');
}

function typeChecksNote(k: { typeChecks: number; typeCheckMedian: number }): string {
  return k.typeChecks ? `the worker completed ${k.typeChecks} type-aware checks of the file meanwhile (median ${k.typeCheckMedian.toFixed(0)} ms each)`
    : 'the worker completed no type-aware check of the file while the keystrokes ran';
}

/** Each figure starts from a collected heap (with --expose-gc): the previous figure's garbage is not its cost. */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** ftplib.py / smtplib.py of the machine's CPython, if any (not part of the repository). */
function realPythonModule(): { name: string; text: string; lines: number } | undefined {
  const libs = fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib').filter((d) => /^python3\.\d+$/.test(d)).sort() : [];
  for (const lib of libs.reverse()) {
    for (const name of ['ftplib.py', 'smtplib.py']) {
      const full = path.join('/usr/lib', lib, name);
      if (fs.existsSync(full)) { const text = fs.readFileSync(full, 'utf8'); return { name: `${lib}/${name}`, text, lines: text.split('\n').length }; }
    }
  }
  return undefined;
}

/** The in-process figures: one file, per keystroke, a small workspace scan. */
async function micro(figures: Figure[]): Promise<void> {
  await loadPythonParser(path.join(REPO, 'dist'));
  const settings = mergeSettings({}, {});
  const facts = deriveFacts([{ rel: 'pyproject.toml', text: fs.readFileSync(path.join(REPO, 'examples/pyproject.toml'), 'utf8') }]);

  // 1. One file, every rule: parse + file rules + project summary + suppressions.
  const module = thousandLineModule();
  // A new name per run: the engine keeps the last trees per file for incremental re-parsing, and analysing
  // the same text again would measure that cache, not an analysis.
  const fresh = (i: number) => path.join(os.tmpdir(), `bench_module_${i}.py`);
  for (let i = 0; i < 10; i++) analyzeFile(fresh(-1 - i), module, { facts, settings }); // warm up the JIT
  const parse: number[] = [];
  const analyse: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    parsePython(module).delete();
    parse.push(performance.now() - t);
    t = performance.now();
    analyzeFile(fresh(i), module, { facts, settings });
    analyse.push(performance.now() - t);
  }
  const a = stats(analyse);
  const p = stats(parse);
  figures.push({ name: 'Per-file analysis, 1,000-line module, all rules (median)', value: a.median, unit: 'ms', budget: 10, better: 'lower',
    note: `p95 ${a.p95.toFixed(1)} ms; parse alone ${p.median.toFixed(1)} ms median` });

  // 1b. A real ~1,000-line module with few findings, from the machine's Python standard library when present
  // (the dense module above has a finding every few lines, which makes fixes most of the work).
  const real = realPythonModule();
  settle();
  if (real) {
    for (let i = 0; i < 10; i++) analyzeFile(fresh(-100 - i), real.text, { facts, settings });
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      analyzeFile(fresh(1000 + i), real.text, { facts, settings });
      samples.push(performance.now() - t);
    }
    const r = stats(samples);
    figures.push({ name: `Per-file analysis, real ${real.lines.toLocaleString('en')}-line module, all rules (median)`, value: r.median, unit: 'ms', budget: 10, better: 'lower',
      note: `${real.name}; p95 ${r.p95.toFixed(1)} ms` });
  }

  settle();
  // 1c. Per keystroke in the editor: the same file edited one character at a time (incremental re-parse).
  {
    const base = real?.text ?? module;
    const at = base.indexOf('\n', base.length >> 1) + 1;
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const text = `${base.slice(0, at)}${'x'.repeat(i % 5)}${base.slice(at)}`;
      const t = performance.now();
      analyzeFile(path.join(os.tmpdir(), 'bench_keystrokes.py'), text, { facts, settings });
      samples.push(performance.now() - t);
    }
    const k = stats(samples);
    figures.push({ name: `Per-keystroke Python analysis (incremental re-parse), ${base.split('\n').length.toLocaleString('en')}-line module (median)`, value: k.median, unit: 'ms', budget: 10, better: 'lower',
      note: `${real ? real.name : 'the dense module'}; p95 ${k.p95.toFixed(1)} ms` });
  }

  // 2. TS/JS: syntax-only diagnostics per keystroke on a 3,000-line file while the type checker runs.
  const realTs = realLargeTypeScriptFile(REPO);
  if (realTs) {
    const rk = await measureScriptKeystrokes(REPO, RUNS, settings, facts, realTs.text);
    figures.push({ name: `Per-keystroke TS analysis (syntax rules), real ${rk.lines.toLocaleString('en')}-line file, during type checks (p95)`, value: rk.p95, unit: 'ms', budget: 20, better: 'lower',
      note: `${realTs.name}; median ${rk.median.toFixed(1)} ms; ${typeChecksNote(rk)}` });
  }
  const ks = await measureScriptKeystrokes(REPO, RUNS, settings, facts);
  figures.push({ name: `Per-keystroke TS analysis (syntax rules), dense ${ks.lines.toLocaleString('en')}-line file (fixture copies, ~200 findings), during type checks (p95)`, value: ks.p95, unit: 'ms', budget: 20, better: 'lower',
    note: `median ${ks.median.toFixed(1)} ms; ${typeChecksNote(ks)}` });

  // 3. Workspace scan: a synthetic service of many modules (the example service copied N times).
  const copies = Number(process.env.BENCH_COPIES || 100);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-'));
  for (let i = 0; i < copies; i++) fs.cpSync(path.join(REPO, 'examples'), path.join(root, `svc${i}`), { recursive: true });
  const files = fs.readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith('.py')).length;
  const lines = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.py'))
    .reduce((n, f) => n + fs.readFileSync(path.join(root, f), 'utf8').split('\n').length, 0);
  const scans: number[] = [];
  for (let i = 0; i < 3; i++) {
    const index = new WorkspaceIndex(root, settings);
    const t = performance.now();
    await index.scan();
    index.checklist();
    scans.push(performance.now() - t);
  }
  const scan = stats(scans).median;
  figures.push({ name: `Workspace scan + checklist, ${files} Python files / ${lines} lines`, value: scan, unit: 'ms', better: 'lower',
    note: `${Math.round(lines / (scan / 1000)).toLocaleString('en')} lines/s, ${Math.round(files / (scan / 1000))} files/s, median of 3` });
  fs.rmSync(root, { recursive: true, force: true });

}

interface Results {
  date: string; machine: ReturnType<typeof machineDescription>; rules: number; runs: number; benchWallMs?: number;
  peers: Omit<Peer, 'dir'>[]; corpora: Omit<Corpus, 'pythonFiles' | 'root'>[]; figures: Figure[];
  coldScan: CorpusResult[]; scaling?: ScalingResult; lsp?: LspResult; project?: ProjectModelResult; notes: string[];
}

async function main(): Promise<void> {
  const started = performance.now();
  const figures: Figure[] = [];
  const results: Results = { date: new Date().toISOString(), machine: machineDescription(), rules: ALL_RULES.length, runs: RUNS, peers: [], corpora: [], figures, coldScan: [], notes: [] };
  const section = (name: string, from: number) => { for (const f of figures.slice(from)) f.section ??= name; };

  if (PARTS.has('micro')) {
    const from = figures.length;
    await micro(figures);
    section('Per file and per keystroke (in process)', from);
  }

  // Corpus and peers: only what the parts that run need.
  let cpython: Corpus | undefined;
  let django: Corpus | undefined;
  if (PARTS.has('cold') || PARTS.has('lsp')) {
    const deb = ensureDebian(PARTS.has('cold') ? ['pylint', 'python3-django'] : ['python3-django']);
    cpython = await cpythonCorpus();
    django = await djangoCorpus(deb['python3-django']);
    if (!cpython) results.notes.push('No CPython standard library under /usr/lib/python3.N on this machine: the CPython corpus is left out.');
    if (!django) results.notes.push('Django (Debian python3-django) is not installed and could not be installed: the Django corpus is left out.');
    for (const c of [cpython, django]) if (c) { const { pythonFiles, root, ...rest } = c; results.corpora.push(rest); } // no machine paths in the results
    if (PARTS.has('cold')) {
      const ruff = ensureRuff();
      const pylint = pylintPeer(deb.pylint);
      results.peers.push(...[ruff, pylint].map(({ dir, ...p }) => p));
      for (const p of [ruff, pylint]) if (!p.available) results.notes.push(`${p.name} is not available (${p.how}): its ratio is left out.`);
      for (const c of [cpython, django]) {
        if (!c) continue;
        settle();
        const r = await coldScan(c, { ruff, pylint }, COLD_RUNS, PYLINT_RUNS);
        results.coldScan.push(r);
        figures.push(...coldScanFigures(r));
      }
    }
  }

  if (PARTS.has('scaling') && SCALING_SIZES.length) {
    const r = await scaling(SCALING_SIZES, scalingRuns);
    results.scaling = r;
    figures.push(...scalingFigures(r));
    fs.mkdirSync(path.join(REPO, 'bench'), { recursive: true });
    fs.writeFileSync(path.join(REPO, 'bench', 'scaling.svg'), scalingSvg(r));
  }

  if (PARTS.has('project')) {
    const r = await projectModel(Number(process.env.BENCH_PROJECT_FILES || 10000), 10);
    results.project = r;
    figures.push(...projectModelFigures(r));
    (globalThis as { gc?: () => void }).gc?.();
  }

  if (PARTS.has('lsp')) {
    const r = await lspLatency(django ?? cpython, cpython, LSP_EDITS, LSP_SCAN_EDITS);
    results.lsp = r;
    figures.push(...lspFigures(r));
  }

  results.benchWallMs = performance.now() - started;
  fs.mkdirSync(path.join(REPO, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(REPO, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = markdown(results);
  fs.writeFileSync(path.join(REPO, 'bench', 'RESULTS.md'), md);
  console.log(md);
}

function value(f: Figure): string {
  const digits = f.unit === '×' ? 2 : f.unit === 'ms' || f.unit === 'MB' ? 1 : 0;
  return `${fmt(f.value, digits)} ${f.unit}`;
}

function budget(f: Figure): string {
  if (f.budgetText) return f.budgetText;
  if (f.budget === undefined) return '';
  return `${f.better === 'lower' ? '≤' : '≥'} ${f.budget} ${f.unit}`;
}

function markdown(r: Results): string {
  const m = r.machine;
  const out = ['# Benchmark results', '',
    `Measured ${r.date.slice(0, 10)} on ${m.cores} × ${m.cpu}, ${m.memGiB} GiB RAM, Node ${m.node}; ${r.rules} rules.`,
    `Whole bench: ${r.benchWallMs !== undefined ? `${fmt(r.benchWallMs / 60000, 1)} min` : 'n/a'}. Reproduce with \`npm run bench\` (after \`npm run build\`); parts with \`BENCH_PARTS=micro,cold,scaling,lsp,project\` (see test/bench/bench.ts).`,
    'Every figure is the median of several runs (the count is in its notes); timings on a shared 2-core machine move by ±20 % from run to run.', ''];
  if (r.peers.length || r.corpora.length) {
    out.push('## Peers and corpus', '');
    for (const p of r.peers) out.push(`- **${p.name}**: ${p.available ? `${p.version} — ${p.how}` : `not available — ${p.how}`}.`);
    if (r.peers.length) out.push(`- Ruff rules: ${RUFF_RULES.join(', ')} (target py39, as our default target). Pylint: \`--disable=all --enable=${PYLINT_MESSAGES.join(',')} -j 1\`, an empty rc file.`,
      '- Each tool runs as a new process per run on the same Python files (the files our discovery keeps), timed from spawn to exit; peak RSS and CPU from GNU time. Ours: `node dist/cli.js check <root> --format json`, every rule (the project checklist and type-aware TS pass included).');
    for (const c of r.corpora) out.push(`- **${c.name}**: ${fmt(c.sourceFiles)} files, ${fmt(c.pythonLines)} Python lines — ${c.description}.`);
    out.push('');
  }
  out.push('## Summary', '', '| Figure | Value | Budget | Verdict | Notes |', '| --- | --: | --- | --- | --- |');
  let current: string | undefined;
  for (const f of r.figures) {
    if (f.section !== current) { current = f.section; out.push(`| **${current ?? ''}** | | | | |`); }
    out.push(`| ${f.name} | ${value(f)} | ${budget(f)} | ${verdictOf(f)} | ${(f.note ?? '').replace(/\|/g, '\\|')} |`);
  }
  out.push('');
  if (r.coldScan.length) {
    out.push('## Cold CLI scan versus peers', '');
    for (const c of r.coldScan) out.push(...coldScanTable(c));
  }
  if (r.scaling) {
    out.push('## Scaling', '', `Synthetic workspace: ${r.scaling.description}. Each run pays a fixed cost (process start, parser and TypeScript libraries), so linearity is judged on the marginal cost (extra time per extra file between two sizes): the curve is flagged super-linear when the last step's marginal cost exceeds that from the smallest size to the one before the last by more than ${Math.round((SUPERLINEAR - 1) * 100)} %.`,
      `Default sizes stop at ${fmt(Math.max(...r.scaling.points.map((p) => p.files)))} files to keep the whole bench under 15 minutes on 2 cores; 50,000 files can be run with \`BENCH_SCALING_SIZES=1000,10000,50000 BENCH_PARTS=scaling\`.`, '',
      '![Cold scan time versus workspace size](scaling.svg)', '', ...scalingTable(r.scaling));
    out.push(r.scaling.flags.length ? `Super-linear steps: ${r.scaling.flags.join('; ')}.` : 'No super-linear step.', '');
  }
  if (r.lsp) {
    out.push('## Editor path', '', `The server debounces edits by ${SERVER_DEBOUNCE_MS} ms before analysing; latencies in the summary are end-to-end minus that wait (the end-to-end figures are in the notes).`, '');
  }
  if (r.notes.length) out.push('## Left out', '', ...r.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

main().catch((err) => { console.error(err); process.exit(1); });
