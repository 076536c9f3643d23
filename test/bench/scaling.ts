// Scaling curve: cold CLI scan time (all rules, a new process per run) against the number of files of the
// synthetic workspace, drawn as bench/scaling.svg. The fixed cost of a run (process start, parser and
// TypeScript libraries) makes the time per file fall with size, so linearity is judged on the marginal cost:
// the extra time per extra file between two sizes. The curve is flagged super-linear when the last step's
// marginal cost exceeds the marginal cost from the smallest size to the one before the last by more than
// SUPERLINEAR (30 %).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticCorpus } from './corpus';
import { type Figure, fmt, median, REPO, runMeasured } from './common';
import { lineChart } from './svg';

export const SUPERLINEAR = 1.3;

export interface ScalePoint { files: number; pythonFiles: number; lines: number; wallMs: number; cpuMs?: number; peakRssMb?: number; runs: number; msPerFile: number; marginalMsPerFile?: number; findings: number }
export interface ScalingResult { points: ScalePoint[]; flags: string[]; growth: number; cpuGrowth?: number; description: string }

const CLI = path.join(REPO, 'dist', 'cli.js');

export async function scaling(sizes: number[], runsFor: (files: number) => number): Promise<ScalingResult> {
  const points: ScalePoint[] = [];
  let description = '';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-scale-'));
  for (const n of sizes) {
    const corpus = await syntheticCorpus(n);
    description = corpus.description;
    const runs = runsFor(n);
    const samples = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) {
      const out = path.join(tmp, 'out.json');
      const r = await runMeasured(process.execPath, [CLI, 'check', corpus.root, '--format', 'json', '--quiet', '--output', out], { cwd: tmp });
      if (r.code !== 0 && r.code !== 1) throw new Error(`readiness check on ${n} files exited ${r.code}: ${r.stderr.slice(-500)}`);
      findings = (JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: unknown[] }).findings.length;
      samples.push(r);
      process.stderr.write(`bench: scaling ${fmt(n)} files run ${i + 1}/${runs}: ${fmt(r.wallMs)} ms\n`);
    }
    const wallMs = median(samples.map((s) => s.wallMs));
    const cpu = samples.map((s) => s.cpuMs).filter((x): x is number => x !== undefined);
    const rss = samples.map((s) => s.peakRssMb).filter((x): x is number => x !== undefined);
    points.push({ files: corpus.sourceFiles, pythonFiles: corpus.pythonFiles.length, lines: corpus.sourceLines, wallMs, cpuMs: cpu.length ? median(cpu) : undefined,
      peakRssMb: rss.length ? median(rss) : undefined, runs, msPerFile: wallMs / corpus.sourceFiles, findings });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const flags: string[] = [];
  for (let i = 1; i < points.length; i++) {
    points[i].marginalMsPerFile = (points[i].wallMs - points[i - 1].wallMs) / (points[i].files - points[i - 1].files);
  }
  // the last step's marginal cost against the marginal cost over all the sizes before it (long spans
  // average out the noise of single steps)
  const n = points.length;
  let growth = 1;
  let cpuGrowth: number | undefined;
  if (n >= 3) {
    const [first, prev, last] = [points[0], points[n - 2], points[n - 1]];
    const base = (prev.wallMs - first.wallMs) / (prev.files - first.files);
    growth = last.marginalMsPerFile! / base;
    if (first.cpuMs !== undefined && prev.cpuMs !== undefined && last.cpuMs !== undefined) {
      cpuGrowth = ((last.cpuMs - prev.cpuMs) / (last.files - prev.files)) / ((prev.cpuMs - first.cpuMs) / (prev.files - first.files));
    }
    if (growth > SUPERLINEAR) {
      flags.push(`${fmt(prev.files)} → ${fmt(last.files)} files: ${fmt(last.marginalMsPerFile!, 2)} ms per extra file, ×${fmt(growth, 2)} the ${fmt(base, 2)} ms of ${fmt(first.files)} → ${fmt(prev.files)}`);
    }
  }
  return { points, flags, growth, cpuGrowth, description };
}

export function scalingSvg(r: ScalingResult): string {
  const a = r.points[0];
  const b = r.points.length >= 3 ? r.points[r.points.length - 2] : r.points[1];
  const last = r.points.at(-1)!;
  // the reference the verdict uses: a straight line through the smallest size and the one before the last, extended
  const slope = b ? (b.wallMs - a.wallMs) / (b.files - a.files) : a.msPerFile;
  const at = (n: number) => Math.max(0, (a.wallMs + slope * (n - a.files)) / 1000);
  return lineChart({
    title: 'Cold scan time vs workspace size (readiness check, all rules)',
    xLabel: 'source files in the synthetic workspace (Python + TypeScript)',
    yLabel: 'seconds, median of runs',
    series: [
      { name: 'readiness check, wall time', color: '#1f77b4', points: r.points.map((p) => ({ x: p.files, y: p.wallMs / 1000 })) },
      ...(r.points.some((p) => p.cpuMs !== undefined) ? [{ name: 'readiness check, CPU time (user + system)', color: '#ff7f0e', points: r.points.filter((p) => p.cpuMs !== undefined).map((p) => ({ x: p.files, y: p.cpuMs! / 1000 })) }] : []),
      { name: `linear through ${fmt(a.files)} and ${fmt(b?.files ?? a.files)} files (${fmt(slope, 2)} ms per extra file), extended`, color: '#999999', dashed: true,
        points: [{ x: a.files, y: at(a.files) }, { x: last.files, y: at(last.files) }] },
    ],
  });
}

export function scalingFigures(r: ScalingResult): Figure[] {
  const section = 'Scaling';
  const last = r.points.at(-1)!;
  return [{
    section, name: `Marginal time per extra file, last step ÷ the steps before (${r.points.map((p) => fmt(p.files)).join(', ')} files; scan time linear in files)`, value: r.growth, unit: '×',
    budget: r.points.length < 3 ? undefined : SUPERLINEAR, better: 'lower', budgetText: `≤ ${SUPERLINEAR}×`, verdict: r.points.length < 3 ? undefined : r.flags.length ? 'FAIL' : 'pass',
    note: r.points.length < 3 ? 'needs three sizes or more' : `${r.flags.length ? `super-linear: ${r.flags.join('; ')}` : 'no super-linear step'}${r.cpuGrowth !== undefined ? `; the same ratio on CPU time: ${fmt(r.cpuGrowth, 2)}×` : ''}`,
  }, {
    section, name: `Cold scan, synthetic ${fmt(last.files)} files / ${fmt(last.lines)} lines`, value: last.lines / (last.wallMs / 1000), unit: 'lines/s', better: 'higher',
    note: `wall ${fmt(last.wallMs)} ms, ${fmt(last.files / (last.wallMs / 1000))} files/s, peak RSS ${last.peakRssMb !== undefined ? `${fmt(last.peakRssMb)} MB` : 'n/a'}, median of ${last.runs}`,
  }];
}

export function scalingTable(r: ScalingResult): string[] {
  return ['| Source files | Python files | Lines | Wall (ms) | CPU (ms) | ms per file | ms per extra file | Lines/s | Peak RSS (MB) | Findings | Runs |',
    '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...r.points.map((p) => `| ${fmt(p.files)} | ${fmt(p.pythonFiles)} | ${fmt(p.lines)} | ${fmt(p.wallMs)} | ${p.cpuMs !== undefined ? fmt(p.cpuMs) : 'n/a'} | ${fmt(p.msPerFile, 2)} | ${p.marginalMsPerFile !== undefined ? fmt(p.marginalMsPerFile, 2) : ''} | ${fmt(p.lines / (p.wallMs / 1000))} | ${p.peakRssMb !== undefined ? fmt(p.peakRssMb) : 'n/a'} | ${fmt(p.findings)} | ${p.runs} |`), ''];
}
