// Shared pieces of the bench: the figure record, statistics, the cache folder, the machine's description,
// and a child-process runner that measures wall time, CPU time and peak RSS of one cold run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const REPO = path.resolve(__dirname, '..', '..', '..');

export interface Figure {
  name: string; value: number; unit: string; budget?: number; better: 'lower' | 'higher';
  /** a budget stated as a ratio or a figure elsewhere: the verdict is given, not derived from value/budget */
  verdict?: 'pass' | 'FAIL';
  budgetText?: string; note?: string; section?: string;
}

export function verdictOf(f: Figure): string {
  if (f.verdict) return f.verdict;
  if (f.budget === undefined) return '';
  return (f.better === 'lower' ? f.value <= f.budget : f.value >= f.budget) ? 'pass' : 'FAIL';
}

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))];
}

export function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Where the bench keeps what it installs and generates (never inside the repository). */
export function cacheDir(...parts: string[]): string {
  const base = process.env.BENCH_CACHE || path.join(os.homedir() || os.tmpdir(), '.cache', 'readiness-bench');
  const dir = path.join(base, ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function machineDescription(): { cores: number; cpu: string; memGiB: number; node: string; text: string } {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model?.trim() ?? 'cpu';
  const memGiB = Math.round(os.totalmem() / 2 ** 30);
  return { cores: cpus.length, cpu, memGiB, node: process.version, text: `${cpus.length} × ${cpu}, ${memGiB} GiB, Node ${process.version}, ${os.platform()} ${os.release()}` };
}

export function countLines(text: string): number {
  if (!text.length) return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

export interface RunResult { wallMs: number; cpuMs?: number; peakRssMb?: number; code: number | null; stdout: string; stderr: string }

const TIME = '/usr/bin/time';

/**
 * Runs a command once, cold (a new process), and measures it: wall time from spawn to exit, and, with GNU
 * time, user+system CPU time and the peak resident set size; without it, the peak is read from
 * /proc/<pid>/status (VmHWM) every 20 ms.
 */
export async function runMeasured(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  const useTime = fs.existsSync(TIME);
  const timeFile = path.join(os.tmpdir(), `readiness-bench-time-${process.pid}-${Date.now()}.txt`);
  const [c, a] = useTime ? [TIME, ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const t0 = performance.now();
  const child = spawn(c, a, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  let peakKb = 0;
  const poll = useTime ? undefined : setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch { /* gone */ }
  }, 20);
  const killer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
  const code = await new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  const wallMs = performance.now() - t0;
  if (poll) clearInterval(poll);
  if (killer) clearTimeout(killer);
  const result: RunResult = { wallMs, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  if (useTime && fs.existsSync(timeFile)) {
    const t = fs.readFileSync(timeFile, 'utf8');
    fs.rmSync(timeFile, { force: true });
    const num = (re: RegExp) => { const m = re.exec(t); return m ? Number(m[1]) : undefined; };
    const user = num(/User time \(seconds\):\s*([\d.]+)/);
    const sys = num(/System time \(seconds\):\s*([\d.]+)/);
    if (user !== undefined && sys !== undefined) result.cpuMs = (user + sys) * 1000;
    const rss = num(/Maximum resident set size \(kbytes\):\s*(\d+)/);
    if (rss !== undefined) result.peakRssMb = rss / 1024;
    const exit = num(/Exit status:\s*(\d+)/);
    if (exit !== undefined) result.code = exit;
  } else if (peakKb) {
    result.peakRssMb = peakKb / 1024;
  }
  return result;
}

export function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}
