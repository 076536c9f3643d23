// `readiness check [PATH…]`: the engine as a command for CI. Exit 0 = no error/warning findings,
// 1 = findings, 2 = usage or configuration error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, workerData } from 'node:worker_threads';
import { isScanWorker, runScanWorker } from '../engine/scanWorker';
import { loadPythonParser } from '../engine/parse/python';
import { WorkspaceIndex } from '../engine/workspaceIndex';
import { mergeSettings, readProjectConfig, type ReadinessSettings } from '../engine/config';
import { fixProject } from '../engine/fixes';
import type { Finding } from '../engine/types';
import { formatJson, formatMarkdown, formatSarif, formatText, type Report } from './formats';

declare const PACKAGE_VERSION: string;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

const USAGE = `Usage: readiness check [PATH...] [options]

Checks a Python or TypeScript/JavaScript service for what stands between it and production.

Options:
  --format text|json|sarif|markdown   output format (default: text)
  --output FILE                       write the report to FILE instead of stdout
  --fix                               apply safe fixes, then report what remains
  --unsafe-fixes                      with --fix, also apply fixes that may change behaviour
  --target-version 3.X                the oldest Python version the code must run on
  --exclude PATTERN                   gitignore-style pattern to skip (repeatable)
  --jobs N                            analyse on N threads (default: one per CPU, up to 8; 1 = this thread only)
  --quiet                             no progress line
  -h, --help                          show this help
  -v, --version                       show the version

Exit status: 0 no error/warning findings, 1 findings, 2 usage or configuration error.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        format: { type: 'string', default: 'text' }, output: { type: 'string' }, fix: { type: 'boolean' },
        'unsafe-fixes': { type: 'boolean' }, 'target-version': { type: 'string' }, exclude: { type: 'string', multiple: true },
        jobs: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) { process.stdout.write(`${USAGE}\n`); return 0; }
  if (values.version) { process.stdout.write(`${VERSION}\n`); return 0; }
  const [command, ...paths] = positionals;
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'missing command "check"');
  const format = values.format!;
  if (!['text', 'json', 'sarif', 'markdown'].includes(format)) throw new UsageError(`unknown format "${format}"`);
  if (values['target-version'] && !/^3\.\d+$/.test(values['target-version'])) throw new UsageError('--target-version expects 3.X, e.g. 3.11');

  // one per CPU by default, but not past 8: each worker holds its own parser and compiler (~60 MB)
  const jobs = values.jobs === undefined ? Math.min(os.availableParallelism(), 8) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs expects a whole number of threads, 1 or more');

  const targets = (paths.length ? paths : ['.']).map((p) => path.resolve(p));
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`no such file or directory: ${t}`);
  // One folder: it is the root. Files or several folders: the current directory is the root and
  // the output is limited to them (project rules still see the whole root).
  const root = targets.length === 1 && fs.statSync(targets[0]).isDirectory() ? targets[0] : process.cwd();
  const config = readProjectConfig(root);
  if (config.problems.length) {
    for (const p of config.problems) process.stderr.write(`${path.relative(process.cwd(), p.file) || p.file}:${p.line}: ${p.key ? `${p.key}: ` : ''}${p.message}\n`);
    return 2;
  }
  const settings: ReadinessSettings = mergeSettings(config.settings, {
    pythonTargetVersion: values['target-version'], exclude: values.exclude ?? [],
  });

  await loadPythonParser();
  const ruleErrors = new Set<string>();
  const index = new WorkspaceIndex(root, settings, (rule, file, error) => {
    const key = `${rule}:${String(error)}`;
    if (ruleErrors.has(key)) return;
    ruleErrors.add(key);
    process.stderr.write(`readiness: rule ${rule} failed on ${path.relative(root, file)}: ${(error as Error)?.stack ?? error}\n`);
  });
  const showProgress = !values.quiet && process.stderr.isTTY;
  // this bundle doubles as the scan worker (see the end of the file), started through the boot file and its
  // code cache (dist/cli.js); this thread is one of the jobs
  const threads = jobs > 1 ? { file: require.main?.filename ?? __filename, count: jobs - 1, shareWork: true, minBytes: WORKERS_FROM_BYTES } : undefined;
  await index.scan(showProgress ? (p) => process.stderr.write(`\rreadiness: ${p.done}/${p.total} files`) : undefined, undefined, threads);
  if (showProgress) process.stderr.write('\r\x1b[K');
  for (const s of index.skipped) process.stderr.write(`readiness: skipped ${s.rel}: ${s.reason}\n`);
  // type-aware TS/JS rules (deprecated APIs): one compiler program per tsconfig.json, after the scan
  index.checkTypes((file, message) => process.stderr.write(`readiness: ${path.relative(root, file)}: ${message}\n`));

  if (values.fix) applyFixes(index, values['unsafe-fixes'] ? 'unsafe' : 'safe');

  const inScope = (f: Finding) => targets.some((t) => f.file === t || f.file.startsWith(t + path.sep));
  const findings = index.allFindings().filter(inScope)
    .sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const report: Report = { root, findings, checklist: index.checklist(), version: VERSION };
  const text = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report)
    : format === 'markdown' ? formatMarkdown(report)
    : formatText(report, !values.output && process.stdout.isTTY && !process.env.NO_COLOR);
  if (values.output) fs.writeFileSync(values.output, `${text}\n`);
  else process.stdout.write(`${text}\n`);
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

/** Applies fixes across the project and writes the files that changed (and the ones fixes create). */
function applyFixes(index: WorkspaceIndex, wanted: 'safe' | 'unsafe'): void {
  const { texts, applied } = fixProject(index, { wanted, readText: (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined) });
  for (const [file, text] of texts) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  process.stderr.write(`readiness: applied ${applied} fix${applied === 1 ? '' : 'es'} in ${texts.size} file${texts.size === 1 ? '' : 's'}\n`);
}

/** Below about this much code, starting workers (~0.3 s each) costs more than the analysis they share. */
const WORKERS_FROM_BYTES = 1024 * 1024;

if (!isMainThread && isScanWorker(workerData)) runScanWorker();
else main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  if (err instanceof UsageError) {
    process.stderr.write(`readiness: ${err.message}\n\n${USAGE}\n`);
  } else {
    process.stderr.write(`readiness: ${(err as Error)?.stack ?? err}\n`);
  }
  process.exitCode = 2;
});
