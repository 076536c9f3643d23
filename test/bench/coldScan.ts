// Figure 1: a cold CLI scan with every rule (`readiness check --format json`, a new process per run) on
// real code, against Ruff's WASM build and Pylint on the same Python files, and the tree-sitter parse of
// the same files as the floor. Wall time, CPU time, files/s, lines/s, peak RSS; medians of several runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Corpus } from './corpus';
import { type Figure, fmt, median, REPO, runMeasured } from './common';
import { type Peer, RUFF_RULES } from './peers';

export const PYLINT_MESSAGES = ['W0718', 'W0702'];

export interface ToolRun { tool: string; runs: number; wallMs: number; cpuMs?: number; peakRssMb?: number; filesPerS: number; linesPerS: number; findings?: number; detail?: string; error?: string }
export interface CorpusResult { corpus: string; description: string; files: number; lines: number; tools: ToolRun[] }

const CLI = path.join(REPO, 'dist', 'cli.js');
const SINGLE = 'readiness (all rules, 1 thread)';
const THREADED = 'readiness (all rules, one thread per CPU)';
const RUNNER = path.join(__dirname, 'peerRunner.js');

async function repeat(tool: string, corpus: Corpus, runs: number, run: () => Promise<{ wallMs: number; cpuMs?: number; peakRssMb?: number; findings?: number; detail?: string; error?: string }>): Promise<ToolRun> {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await run();
    if (r.error) return { tool, runs: i, wallMs: NaN, filesPerS: NaN, linesPerS: NaN, error: r.error };
    samples.push(r);
    process.stderr.write(`bench: ${corpus.name}: ${tool} run ${i + 1}/${runs}: ${fmt(r.wallMs)} ms\n`);
  }
  const wallMs = median(samples.map((s) => s.wallMs));
  const cpu = samples.map((s) => s.cpuMs).filter((x): x is number => x !== undefined);
  const rss = samples.map((s) => s.peakRssMb).filter((x): x is number => x !== undefined);
  return {
    tool, runs, wallMs, cpuMs: cpu.length ? median(cpu) : undefined, peakRssMb: rss.length ? median(rss) : undefined,
    filesPerS: corpus.pythonFiles.length / (wallMs / 1000), linesPerS: corpus.pythonLines / (wallMs / 1000),
    findings: samples.at(-1)?.findings, detail: samples.at(-1)?.detail,
  };
}

export async function coldScan(corpus: Corpus, peers: { ruff: Peer; pylint: Peer }, runs: number, pylintRuns: number): Promise<CorpusResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-cold-'));
  const list = path.join(tmp, 'files.txt');
  fs.writeFileSync(list, `${corpus.pythonFiles.join('\n')}\n`);
  const tools: ToolRun[] = [];
  const failed = (what: string, r: { code: number | null; stderr: string }) => `${what} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`;

  const ours = (jobs: number) => async () => {
    const out = path.join(tmp, 'out.json');
    const r = await runMeasured(process.execPath, [CLI, 'check', corpus.root, '--format', 'json', '--quiet', '--jobs', String(jobs), '--output', out], { cwd: tmp });
    if (r.code !== 0 && r.code !== 1) return { ...r, error: failed('readiness check', r) };
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: { rule: string }[] };
    const skipped = r.stderr.split('\n').filter((l) => l.includes('skipped')).length;
    return { ...r, findings: report.findings.length, detail: skipped ? `${skipped} files skipped` : undefined };
  };
  tools.push(await repeat(SINGLE, corpus, runs, ours(1)));
  const cores = os.availableParallelism();
  if (cores > 1) tools.push(await repeat(`${THREADED} (--jobs ${cores})`, corpus, runs, ours(cores)));

  tools.push(await repeat('tree-sitter parse only (floor)', corpus, runs, async () => {
    const r = await runMeasured(process.execPath, [RUNNER, 'parse', path.join(REPO, 'dist'), list]);
    if (r.code !== 0) return { ...r, error: failed('parse', r) };
    const out = JSON.parse(r.stdout) as { byCode: Record<string, number> };
    return { ...r, detail: `${out.byCode['files-with-syntax-errors']} files with error nodes` };
  }));

  if (peers.ruff.available) {
    tools.push(await repeat(`Ruff WASM ${peers.ruff.version}`, corpus, runs, async () => {
      const r = await runMeasured(process.execPath, [RUNNER, 'ruff', peers.ruff.dir!, list]);
      if (r.code !== 0) return { ...r, error: failed('ruff', r) };
      const out = JSON.parse(r.stdout) as { byCode: Record<string, number> };
      const lint = Object.entries(out.byCode).filter(([c]) => RUFF_RULES.includes(c));
      return { ...r, findings: lint.reduce((n, [, v]) => n + v, 0), detail: lint.map(([c, v]) => `${c} ${v}`).join(', ') };
    }));
  }

  if (peers.pylint.available && pylintRuns > 0) {
    const rc = path.join(tmp, 'empty.pylintrc');
    fs.writeFileSync(rc, '');
    tools.push(await repeat(`Pylint ${peers.pylint.version?.split(',')[0].replace(/^pylint\s*/, '')}`, corpus, pylintRuns, async () => {
      const r = await runMeasured('pylint', [`--rcfile=${rc}`, '--disable=all', `--enable=${PYLINT_MESSAGES.join(',')}`, '-j', '1',
        '--persistent=n', '--score=n', '--reports=n', ...corpus.pythonFiles], { cwd: tmp });
      // pylint's exit status is a bit mask of message kinds; 1 (fatal) or 32 (usage) mean it did not run through
      if (r.code === null || (r.code & 33) !== 0) return { ...r, error: failed('pylint', r) };
      return { ...r, findings: (r.stdout.match(/: W07(18|02): /g) ?? []).length };
    }));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return { corpus: corpus.name, description: corpus.description, files: corpus.pythonFiles.length, lines: corpus.pythonLines, tools };
}

/** The figures (with budgets) of one corpus's cold scan. */
export function coldScanFigures(r: CorpusResult): Figure[] {
  const section = 'Cold CLI scan versus peers';
  const ours = r.tools[0];
  const threaded = r.tools.find((t) => t.tool.startsWith(THREADED));
  const parse = r.tools.find((t) => t.tool.startsWith('tree-sitter'));
  const ruff = r.tools.find((t) => t.tool.startsWith('Ruff'));
  const pylint = r.tools.find((t) => t.tool.startsWith('Pylint'));
  // CPU time moves less than wall time on a shared machine; Ruff's WASM compiles on background threads
  const cpuRatio = (t: ToolRun) => (t.cpuMs !== undefined && ours.cpuMs !== undefined ? `; by CPU time (user + system) ${fmt(t.cpuMs / ours.cpuMs, 2)}×` : '');
  const figures: Figure[] = [{
    section, name: `Cold CLI scan, all rules, one thread (--jobs 1), ${r.corpus} (${fmt(r.files)} files, ${fmt(r.lines)} lines)`, value: ours.linesPerS, unit: 'lines/s', better: 'higher',
    note: `wall ${fmt(ours.wallMs)} ms, CPU ${ours.cpuMs !== undefined ? `${fmt(ours.cpuMs)} ms` : 'n/a'}, ${fmt(ours.filesPerS)} files/s, peak RSS ${ours.peakRssMb !== undefined ? `${fmt(ours.peakRssMb)} MB` : 'n/a'}, ${ours.findings} findings, median of ${ours.runs}`,
  }];
  if (parse && !parse.error) {
    figures.push({ section, name: `Parse only (tree-sitter, no rules), ${r.corpus}: the floor`, value: parse.linesPerS, unit: 'lines/s', better: 'higher',
      note: `wall ${fmt(parse.wallMs)} ms; our full scan takes ${fmt(ours.wallMs / parse.wallMs, 2)}× the parse-only time` });
  }
  if (ruff && !ruff.error) {
    const ratio = ours.linesPerS / ruff.linesPerS;
    figures.push({ section, name: `Lines/s ours ÷ ${ruff.tool}, single-threaded, ${r.corpus}`, value: ratio, unit: '×', budget: 1.0, better: 'higher', budgetText: '≥ 1.0×',
      note: `Ruff ${fmt(ruff.linesPerS)} lines/s (wall ${fmt(ruff.wallMs)} ms, peak RSS ${ruff.peakRssMb !== undefined ? `${fmt(ruff.peakRssMb)} MB` : 'n/a'}), ours ${fmt(ours.linesPerS)} lines/s${cpuRatio(ruff)}` });
  }
  if (ruff && !ruff.error && threaded && !threaded.error) {
    const ratio = threaded.linesPerS / ruff.linesPerS;
    figures.push({ section, name: `Lines/s ours on worker threads ${threaded.tool.slice(THREADED.length).trim()} ÷ ${ruff.tool}, ${r.corpus}`, value: ratio, unit: '×', budget: 1.7, better: 'higher', budgetText: '≥ 1.7×',
      note: `ours ${fmt(threaded.linesPerS)} lines/s (wall ${fmt(threaded.wallMs)} ms, CPU ${threaded.cpuMs !== undefined ? `${fmt(threaded.cpuMs)} ms` : 'n/a'}, peak RSS ${threaded.peakRssMb !== undefined ? `${fmt(threaded.peakRssMb)} MB` : 'n/a'}), ${fmt(ours.wallMs / threaded.wallMs, 2)}× our one-thread speed; identical findings: ${threaded.findings === ours.findings ? 'yes' : `no (${threaded.findings} vs ${ours.findings})`}` });
  }
  if (pylint && !pylint.error) {
    const ratio = ours.linesPerS / pylint.linesPerS;
    figures.push({ section, name: `Lines/s ours ÷ ${pylint.tool} (${PYLINT_MESSAGES.join('/')}, -j 1), ${r.corpus}`, value: ratio, unit: '×', budget: 20, better: 'higher', budgetText: '≥ 20×',
      note: `Pylint ${fmt(pylint.linesPerS)} lines/s (wall ${fmt(pylint.wallMs)} ms, peak RSS ${pylint.peakRssMb !== undefined ? `${fmt(pylint.peakRssMb)} MB` : 'n/a'}, median of ${pylint.runs})${cpuRatio(pylint)}` });
  }
  return figures;
}

/** A Markdown table of every tool's run on one corpus. */
export function coldScanTable(r: CorpusResult): string[] {
  const ours = r.tools[0];
  const rows = r.tools.map((t) => t.error
    ? `| ${t.tool} | failed: ${t.error.replace(/\|/g, '\\|')} | | | | | | | |`
    : `| ${t.tool} | ${fmt(t.wallMs)} | ${t.cpuMs !== undefined ? fmt(t.cpuMs) : 'n/a'} | ${fmt(t.filesPerS)} | ${fmt(t.linesPerS)} | ${t.peakRssMb !== undefined ? fmt(t.peakRssMb) : 'n/a'} | ${t === ours ? '1.00×' : `${fmt(ours.linesPerS / t.linesPerS, 2)}×`} | ${t.findings ?? ''} | ${t.runs}${t.detail ? `; ${t.detail}` : ''} |`);
  return [`**${r.corpus}**: ${fmt(r.files)} Python files, ${fmt(r.lines)} lines — ${r.description}.`, '',
    '| Tool | Wall (ms) | CPU (ms) | Files/s | Lines/s | Peak RSS (MB) | Ours ÷ tool (lines/s) | Findings | Runs; notes |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --- |', ...rows, ''];
}
