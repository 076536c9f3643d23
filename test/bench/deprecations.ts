// Our type-aware `deprecated-api` rule against `@typescript-eslint/no-deprecated` on a real TS project:
// the same files (those the project's tsconfig includes), findings matched by file + line + column of
// the reported identifier, recall/precision of ours against theirs, median wall and CPU times, and each
// mismatch with the syntax it sits in (import, object-literal key, type position, …) to explain it.
//
//   BENCH_TS_PROJECT=/path/to/project      a TS project with its dependencies installed (node_modules)
//   BENCH_ESLINT_DIR=/path/with/eslint     a folder where `eslint` (9.x) and `typescript-eslint` (8.x) are installed
//   BENCH_TSCONFIG=tsconfig.json           which tsconfig (relative to the project) selects the files (default tsconfig.json)
//   BENCH_EXCLUDE=frontend/,vendor/        extra gitignore-style excludes for our scan (comma-separated)
//   BENCH_DEPRECATION_RUNS=3               timed runs of each tool (medians are reported)
//   node out/test/bench/deprecations.js    prints one JSON object; skips (exit 0) without the two variables
//
// Both tools run in a fresh process per run (ours: this script re-spawned in child mode, which does
// `WorkspaceIndex.scan()` + `checkTypes()` like the CLI, every rule but the type-aware one off), so
// the times compare like with like: process start, loading, parsing, type checking. CPU time (all
// threads, from a preload) is reported too: it moves less than wall time on a busy machine.
// eslint/typescript-eslint are never dependencies of this package: they come from BENCH_ESLINT_DIR.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { loadPythonParser } from '../../server/src/engine/parse/python';
import { mergeSettings } from '../../server/src/engine/config';
import { WorkspaceIndex } from '../../server/src/engine/workspaceIndex';
import { ALL_RULES, TYPED_SCRIPT_RULES } from '../../server/src/engine/rules/index';

const REPO = path.resolve(__dirname, '..', '..', '..');
const RULE = 'deprecated-api';

interface Hit { file: string; line: number; column: number; message: string }
interface ChildResult { hits: Hit[]; scanMs: number; typesMs: number; scriptFiles: number }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const key = (h: Hit) => `${h.file}:${h.line}:${h.column}`;
const rel = (root: string, f: string) => path.relative(root, f).split(path.sep).join('/');

/** The script files the project's tsconfig includes (declaration files aside): what both tools check. */
function projectFiles(root: string, tsconfig: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, tsconfig), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' ')); },
  });
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  return parsed.fileNames.filter((f) => /\.[cm]?[jt]sx?$/.test(f) && !/\.d\.[cm]?ts$/.test(f)).map((f) => path.resolve(f));
}

/** Child mode: one cold run of ours, in this process. */
async function runOursHere(root: string): Promise<ChildResult> {
  const t0 = performance.now();
  await loadPythonParser(path.join(REPO, 'dist'));
  const typed = new Set(TYPED_SCRIPT_RULES.map((r) => r.meta.id));
  // every rule but the type-aware ones off (ALL_RULES holds metas; our ignore-comment rules are among them)
  const rules = Object.fromEntries(ALL_RULES.filter((r) => !typed.has(r.id)).map((r) => [r.id, 'off' as const]));
  const exclude = (process.env.BENCH_EXCLUDE ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const settings = mergeSettings({ rules }, { exclude });
  const index = new WorkspaceIndex(root, settings);
  await index.scan();
  const t1 = performance.now();
  index.checkTypes();
  const t2 = performance.now();
  const hits = index.allFindings().filter((f) => f.rule === RULE).map((f) => ({
    file: rel(root, f.file), line: f.range.start.line + 1, column: f.range.start.character + 1, message: f.message,
  }));
  const scriptFiles = index.files().filter((f) => /\.[cm]?[jt]sx?$/.test(f)).length;
  return { hits, scanMs: t1 - t0, typesMs: t2 - t1, scriptFiles };
}

interface Timed { wallMs: number; cpuMs: number }
const CPU_MARK = 'BENCH_CPU_MS=';

/** A preload that reports the process's CPU time (user + system, all threads) on stderr when it exits. */
function writeCpuProbe(dir: string): string {
  const file = path.join(dir, 'cpu-probe.cjs');
  fs.writeFileSync(file, `process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\n${CPU_MARK}' + (u.user + u.system) / 1000 + '\\n'); });\n`);
  return file;
}

function timed(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv }, probe: string) {
  const t = performance.now();
  const child = spawnSync(process.execPath, ['--require', probe, ...args], { ...opts, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - t;
  const cpu = new RegExp(`${CPU_MARK}([\\d.]+)`).exec(child.stderr ?? '');
  return { child, wallMs, cpuMs: cpu ? Number(cpu[1]) : NaN };
}

function runOurs(root: string, probe: string): ChildResult & Timed {
  const { child, wallMs, cpuMs } = timed([__filename], { env: { ...process.env, BENCH_DEPRECATIONS_CHILD: '1' } }, probe);
  if (child.status !== 0) throw new Error(`ours failed (${child.status}): ${child.stderr}`);
  return { ...(JSON.parse(child.stdout) as ChildResult), wallMs, cpuMs };
}

/** The flat config: only @typescript-eslint/no-deprecated, type-aware through the project service. */
function writeEslintConfig(eslintDir: string, root: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-no-deprecated-')), 'eslint.config.cjs');
  fs.writeFileSync(file, `// written by test/bench/deprecations.ts
const tseslint = require('module').createRequire(${JSON.stringify(path.join(eslintDir, 'package.json'))})('typescript-eslint');
module.exports = [{
  files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
  linterOptions: { reportUnusedDisableDirectives: 'off' },
  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: ${JSON.stringify(root)} } },
  plugins: { '@typescript-eslint': tseslint.plugin },
  rules: { '@typescript-eslint/no-deprecated': 'error' },
}];
`);
  return file;
}

function runEslint(eslintDir: string, config: string, root: string, files: string[], probe: string): { hits: Hit[]; errors: string[] } & Timed {
  const bin = path.join(eslintDir, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const out = path.join(path.dirname(config), 'report.json');
  const { child, wallMs, cpuMs } = timed([bin, '-c', config, '--format', 'json', '--output-file', out, ...files.map((f) => rel(root, f))], { cwd: root }, probe);
  if (child.status !== 0 && child.status !== 1) throw new Error(`eslint failed (${child.status}): ${child.stderr}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string; fatal?: boolean }[] }[];
  const hits: Hit[] = [];
  const errors: string[] = [];
  for (const f of report) {
    for (const m of f.messages) {
      if (m.ruleId === '@typescript-eslint/no-deprecated') hits.push({ file: rel(root, f.filePath), line: m.line, column: m.column, message: m.message });
      else errors.push(`${rel(root, f.filePath)}:${m.line}:${m.column} ${m.message}`);
    }
  }
  return { hits, errors, wallMs, cpuMs };
}

/** Where a finding sits, to explain mismatches: the syntax around the reported name. */
function syntaxKind(root: string, hit: Hit, sources: Map<string, ts.SourceFile>): string {
  let source = sources.get(hit.file);
  if (!source) {
    const text = fs.readFileSync(path.join(root, hit.file), 'utf8');
    sources.set(hit.file, (source = ts.createSourceFile(hit.file, text, ts.ScriptTarget.Latest, true)));
  }
  const pos = source.getPositionOfLineAndCharacter(hit.line - 1, hit.column - 1);
  let node: ts.Node = source;
  for (let next: ts.Node | undefined = source; next; ) {
    node = next;
    next = node.getChildren(source).find((c) => c.getStart(source) <= pos && pos < c.getEnd());
  }
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isImportDeclaration(n) || ts.isImportEqualsDeclaration(n)) return 'import';
    if (ts.isExportDeclaration(n)) return 'export';
    if (ts.isObjectLiteralElementLike(n) && n.name === node) return 'object-literal key';
    if (ts.isBindingElement(n)) return 'destructuring';
    if (ts.isJsxAttribute(n) || ts.isJsxOpeningLikeElement(n)) return 'jsx';
    if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return 'type position';
    if (ts.isCallLikeExpression(n) && !ts.isDecorator(n)) return 'call';
    if (ts.isExpressionStatement(n) || ts.isBlock(n) || ts.isSourceFile(n)) break;
  }
  return 'expression';
}

async function main(): Promise<void> {
  const project = process.env.BENCH_TS_PROJECT;
  const eslintDir = process.env.BENCH_ESLINT_DIR;
  if (process.env.BENCH_DEPRECATIONS_CHILD) {
    process.stdout.write(JSON.stringify(await runOursHere(path.resolve(project!))));
    return;
  }
  if (!project || !eslintDir) {
    console.log('deprecations bench skipped: set BENCH_TS_PROJECT (a TS project with node_modules) and BENCH_ESLINT_DIR (eslint 9 + typescript-eslint 8 installed)');
    return;
  }
  const root = path.resolve(project);
  const dir = path.resolve(eslintDir);
  if (!fs.existsSync(path.join(dir, 'node_modules', 'typescript-eslint'))) throw new Error(`typescript-eslint is not installed in ${dir}`);
  const runs = Math.max(1, Number(process.env.BENCH_DEPRECATION_RUNS || 3));
  const files = projectFiles(root, process.env.BENCH_TSCONFIG || 'tsconfig.json');
  const inSet = new Set(files.map((f) => rel(root, f)));
  const lines = files.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length, 0);
  const config = writeEslintConfig(dir, root);
  const probe = writeCpuProbe(path.dirname(config));

  // alternated, so that load from elsewhere on the machine hits both alike
  const oursRuns: (ChildResult & Timed)[] = [];
  const theirsRuns: ReturnType<typeof runEslint>[] = [];
  for (let i = 0; i < runs; i++) {
    theirsRuns.push(runEslint(dir, config, root, files, probe));
    oursRuns.push(runOurs(root, probe));
  }
  fs.rmSync(path.dirname(config), { recursive: true, force: true });

  const ours = oursRuns[0].hits.filter((h) => inSet.has(h.file));
  const theirs = theirsRuns[0].hits;
  const oursKeys = new Set(ours.map(key));
  const theirsKeys = new Set(theirs.map(key));
  const matched = theirs.filter((h) => oursKeys.has(key(h))).length;
  const oursMs = median(oursRuns.map((r) => r.wallMs));
  const theirsMs = median(theirsRuns.map((r) => r.wallMs));
  const oursCpu = median(oursRuns.map((r) => r.cpuMs));
  const theirsCpu = median(theirsRuns.map((r) => r.cpuMs));
  const round = (n: number) => Math.round(n);
  const sources = new Map<string, ts.SourceFile>();
  const missed = theirs.filter((h) => !oursKeys.has(key(h))).map((h) => ({ ...h, kind: syntaxKind(root, h, sources) }));
  const extra = ours.filter((h) => !theirsKeys.has(key(h))).map((h) => ({ ...h, kind: syntaxKind(root, h, sources) }));
  const byKind = (hs: { kind: string }[]) => hs.reduce<Record<string, number>>((m, h) => ({ ...m, [h.kind]: (m[h.kind] ?? 0) + 1 }), {});
  const result = {
    project: root, files: files.length, lines,
    ours: ours.length, theirs: theirs.length, matched,
    recall: theirs.length ? +(matched / theirs.length).toFixed(3) : 1,
    precision: ours.length ? +(ours.filter((h) => theirsKeys.has(key(h))).length / ours.length).toFixed(3) : 1,
    oursMs: round(oursMs), theirsMs: round(theirsMs), ratio: +(oursMs / theirsMs).toFixed(3),
    oursCpuMs: round(oursCpu), theirsCpuMs: round(theirsCpu), cpuRatio: +(oursCpu / theirsCpu).toFixed(3),
    wallMsEachRun: { ours: oursRuns.map((r) => round(r.wallMs)), theirs: theirsRuns.map((r) => round(r.wallMs)) },
    oursPhasesMs: { scan: round(median(oursRuns.map((r) => r.scanMs))), types: round(median(oursRuns.map((r) => r.typesMs))) },
    oursScriptFiles: oursRuns[0].scriptFiles,
    oursOutsideFiles: oursRuns[0].hits.length - ours.length,
    runs,
    missedByKind: byKind(missed),
    extraByKind: byKind(extra),
    missed,
    extra,
    eslintProblems: theirsRuns[0].errors.slice(0, 20),
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
