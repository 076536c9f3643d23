// `npm run bench`: speed figures measured on this machine, written to bench/results.json and
// bench/RESULTS.md. Not part of the test command (timings are not assertions); budgets are reported as
// pass/fail. Grows with issue 7 (peers, LSP latency, scaling curve).
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

const REPO = path.resolve(__dirname, '..', '..', '..');
const RUNS = Number(process.env.BENCH_RUNS || 60);

interface Figure { name: string; value: number; unit: string; budget?: number; better: 'lower' | 'higher'; note?: string }

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

async function main(): Promise<void> {
  await loadPythonParser(path.join(REPO, 'dist'));
  const figures: Figure[] = [];
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
      note: `${realTs.name}; median ${rk.median.toFixed(1)} ms; the worker completed ${rk.typeChecks} type-aware checks of the file meanwhile (median ${rk.typeCheckMedian.toFixed(0)} ms each)` });
  }
  const ks = await measureScriptKeystrokes(REPO, RUNS, settings, facts);
  figures.push({ name: `Per-keystroke TS analysis (syntax rules), dense ${ks.lines.toLocaleString('en')}-line file (fixture copies, ~200 findings), during type checks (p95)`, value: ks.p95, unit: 'ms', budget: 20, better: 'lower',
    note: `median ${ks.median.toFixed(1)} ms; the worker completed ${ks.typeChecks} type-aware checks of the file meanwhile (median ${ks.typeCheckMedian.toFixed(0)} ms each)` });

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

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const results = { date: new Date().toISOString(), machine, rules: ALL_RULES.length, runs: RUNS, figures };
  fs.mkdirSync(path.join(REPO, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(REPO, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = ['# Benchmark results', '', `Measured ${results.date.slice(0, 10)} on ${machine}, ${ALL_RULES.length} rules, ${RUNS} runs per figure unless noted.`,
    'Reproduce with `npm run build && npm run bench`.', '', '| Figure | Value | Budget | Verdict | Notes |', '| --- | --- | --- | --- | --- |',
    ...figures.map((f) => `| ${f.name} | ${f.value.toFixed(1)} ${f.unit} | ${f.budget !== undefined ? `≤ ${f.budget} ${f.unit}` : ''} | ${f.budget === undefined ? '' : f.value <= f.budget ? 'pass' : 'FAIL'} | ${f.note ?? ''} |`), ''];
  fs.writeFileSync(path.join(REPO, 'bench', 'RESULTS.md'), md.join('\n'));
  console.log(md.join('\n'));
}

main().catch((err) => { console.error(err); process.exit(1); });
