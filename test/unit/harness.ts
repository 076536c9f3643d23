// Shared test helpers: the parser, in-memory projects from fixture folders, and expectation markers.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadPythonParser } from '../../server/src/engine/parse/python';
import { WorkspaceIndex } from '../../server/src/engine/workspaceIndex';
import { mergeSettings, type ReadinessSettings } from '../../server/src/engine/config';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

export async function ready(): Promise<void> {
  await loadPythonParser(path.join(REPO, 'dist'));
}

/** A caret line: `#` (Python, Dockerfile) or `//` (TS/JS), spaces, carets under the span, then the rule id. */
const MARKER = /^(\s*(?:#|\/\/)\s*)(\^+)\s+([a-z0-9-]+)\s*$/;

export interface Expectation { rule: string; line: number; start: number; end: number }

/** Expectations from caret lines; each refers to the nearest preceding non-marker line. */
export function readMarkers(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const out: Expectation[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) { target = i; return; }
    const start = m[1].length;
    out.push({ rule: m[3], line: target - markersBefore(lines, target), start, end: start + m[2].length });
  });
  return out;
}

/** Markers above a line shift it up once they are stripped; expectations are in stripped coordinates. */
function markersBefore(lines: string[], line: number): number {
  let n = 0;
  for (let i = 0; i < line; i++) if (MARKER.test(lines[i])) n++;
  return n;
}

/** The text without caret lines (what fixes are applied to, and what `.fixed.py` files are compared with). */
export function stripMarkers(text: string): string {
  return text.split(/(?<=\n)/).filter((l) => !MARKER.test(l.replace(/\r?\n$/, ''))).join('');
}

const SOURCE = /\.(pyi?|[cm]?[jt]s|[jt]sx)$/;

/** A fixture source (Python or TS/JS), not an expected output. */
export function isSourceInput(f: string): boolean {
  return SOURCE.test(f) && !/\.(fixed|created)\.[a-z]+$/.test(f);
}

/** Input files of a fixture project: the folder's own sources and facts files (not expected outputs, not sub-folders). */
export function projectInputs(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => isSourceInput(f)
    || /^Dockerfile/.test(f) && !f.endsWith('.fixed') || f === 'pyproject.toml' || f === 'requirements.txt' || /\.lock$/.test(f)
    || f === 'package.json' || f === 'tsconfig.json' || /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));
}

/** Where the expected output of a fixed input lives: `cases.fixed.py`, `cases.fixed.ts`, `Dockerfile.fixed`. */
export function fixedPath(file: string): string {
  return SOURCE.test(file) ? file.replace(SOURCE, '.fixed$&') : `${file}.fixed`;
}

/** Where a file a fix creates is expected: `health.created.py`. */
export function createdPath(file: string): string {
  return SOURCE.test(file) ? file.replace(SOURCE, '.created$&') : `${file}.created`;
}

/** An index fed with the given texts (no disk scan), as the server does for open files. */
export function indexOf(root: string, files: Map<string, string>, settings: Partial<ReadinessSettings> = {}, opts: { types?: boolean } = {}): WorkspaceIndex {
  const index = new WorkspaceIndex(root, { ...mergeSettings({}, {}), ...settings }, (rule, file, err) => { throw new Error(`rule ${rule} threw on ${file}: ${err}`); });
  // Facts files first, so the Python files are analysed with the project's versions.
  const isFacts = (f: string) => /pyproject\.toml$|requirements\.txt$|\.lock$|Dockerfile|package\.json$|tsconfig\.json$/.test(f);
  for (const [file, text] of files) if (isFacts(file)) index.update(file, text);
  for (const [file, text] of files) if (!isFacts(file)) index.update(file, text);
  // the type-aware TS/JS pass (what the CLI runs after its scan)
  if (opts.types) index.checkTypes((file, message) => { throw new Error(`${file}: ${message}`); });
  return index;
}

/** Every folder under `dir` (itself included) that holds fixture inputs. */
export function fixtureProjects(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (projectInputs(d).some((f) => isSourceInput(f))) out.push(d);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(d, e.name));
  };
  walk(dir);
  return out;
}

/** The machine's python3, if any: fixed outputs are also compiled by CPython where it exists. */
export const PYTHON3 = (() => {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2])'], { encoding: 'utf8' });
  return probe.status === 0 ? 'python3' : undefined;
})();

/** Files CPython refuses to compile, with its message (`compile()` only: nothing is executed). */
export function cpythonCompileErrors(files: Map<string, string>): string[] {
  if (!PYTHON3) return [];
  const script = 'import json,sys\nfor name,text in json.load(sys.stdin):\n    try: compile(text, name, "exec", dont_inherit=True)\n    except SyntaxError as e: print(f"{name}:{e.lineno}: {e.msg}")';
  const input = JSON.stringify([...files].filter(([f]) => /\.pyi?$/.test(f)).map(([f, t]) => [path.basename(f), t]));
  const r = spawnSync(PYTHON3, ['-c', script], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}
