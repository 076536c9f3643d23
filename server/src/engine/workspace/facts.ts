// Project facts that rules depend on: the Python version the code must run on, dependency versions.
// Read from data files only (pyproject.toml, .python-version, requirements*.txt, Dockerfile): never executed.
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { defaultScriptFacts, isScriptFactsFile, parseJsonObject, readScriptFacts, type ScriptFacts } from './npmFacts';

export type PythonVersion = [major: number, minor: number];

export interface ProjectFacts {
  /** The oldest Python the project supports: fixes must run on it. */
  pythonTarget: PythonVersion;
  /** Where pythonTarget came from, for messages and `readiness check --verbose`. */
  pythonTargetSource: string;
  /** Normalised distribution name → the lowest version the manifests allow (or the pinned one). */
  dependencies: Map<string, string>;
  /** The JavaScript/TypeScript side: npm packages, tsconfig. */
  script: ScriptFacts;
  /** The file that pins each ecosystem's installs, if any: a lockfile, or requirements with every line `==`. */
  pins: { python?: string; npm?: string };
}

/** Ruff's default too: 3.8 is end-of-life, and the fixes we offer for 3.9 also run on later versions. */
export const DEFAULT_PYTHON_TARGET: PythonVersion = [3, 9];

export function defaultFacts(): ProjectFacts {
  return { pythonTarget: DEFAULT_PYTHON_TARGET, pythonTargetSource: 'default', dependencies: new Map(), script: defaultScriptFacts(), pins: {} };
}

export function parsePythonVersion(text: string): PythonVersion | undefined {
  const m = /(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function atLeast(v: PythonVersion, major: number, minor: number): boolean {
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

/** Files (relative to the root, `/`-separated) whose content feeds the facts. */
export function isFactsFile(rel: string): boolean {
  const base = path.posix.basename(rel);
  return base === 'pyproject.toml' || base === '.python-version' || /^requirements.*\.txt$/.test(base)
    || LOCKFILES.has(base) || /^Dockerfile/.test(base) || base.endsWith('.dockerfile') || isScriptFactsFile(base);
}

const LOCKFILES = new Set(['uv.lock', 'poetry.lock', 'Pipfile.lock', 'pdm.lock']);
const NPM_LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock']);

/**
 * Derives facts from the project's files. Precedence for the target: explicit setting, then
 * `requires-python`, then `.python-version`, then a Dockerfile `FROM python:3.x`. Files nearer the
 * root win over nested ones.
 */
export function deriveFacts(files: { rel: string; text: string }[], targetSetting?: string): ProjectFacts {
  const facts = defaultFacts();
  const byDepth = [...files].sort((a, b) => a.rel.split('/').length - b.rel.split('/').length);
  const candidates: { version: PythonVersion; source: string; rank: number }[] = [];
  const locked: [name: string, version: string][] = [];
  const setting = targetSetting ? parsePythonVersion(targetSetting) : undefined;
  if (setting) candidates.push({ version: setting, source: 'setting readiness.python.targetVersion', rank: 0 });
  for (const { rel, text } of byDepth) {
    const base = path.posix.basename(rel);
    if (base === 'pyproject.toml') readPyproject(rel, text, facts, candidates);
    else if (base === '.python-version') {
      const v = parsePythonVersion(text);
      if (v) candidates.push({ version: v, source: rel, rank: 2 });
    } else if (/^requirements.*\.txt$/.test(base)) {
      if (readRequirements(text, facts)) facts.pins.python ??= rel;
    } else if (LOCKFILES.has(base)) {
      locked.push(...readLockfile(base, text));
      facts.pins.python = rel;
    } else if (isScriptFactsFile(base)) {
      if (NPM_LOCKFILES.has(base)) facts.pins.npm ??= rel;
      continue;
    }
    else {
      // [ \t] (and a BOM), not \s: `^\s*` would re-scan every run of blank lines from each of its lines (quadratic)
      const m = /^[ \t\uFEFF]*FROM[ \t]+(?:--\S+[ \t]+)*(?:\S+\/)?python:(\d+\.\d+)/im.exec(text);
      if (m) candidates.push({ version: parsePythonVersion(m[1])!, source: rel, rank: 3 });
    }
  }
  // A lockfile says what is installed: it wins over the lower bounds of the manifests.
  for (const [name, version] of locked) facts.dependencies.set(normalizeName(name), version);
  facts.script = readScriptFacts(byDepth.filter((f) => isScriptFactsFile(path.posix.basename(f.rel))));
  candidates.sort((a, b) => a.rank - b.rank);
  if (candidates[0]) {
    facts.pythonTarget = candidates[0].version;
    facts.pythonTargetSource = candidates[0].source;
  }
  return facts;
}

function readPyproject(rel: string, text: string, facts: ProjectFacts,
  candidates: { version: PythonVersion; source: string; rank: number }[]): void {
  let doc: Record<string, any>;
  try { doc = parseToml(text) as Record<string, any>; } catch { return; }
  const requires = doc.project?.['requires-python'] ?? doc.tool?.poetry?.dependencies?.python;
  if (typeof requires === 'string') {
    // The lower bound is what the code must run on: ">=3.10,<4" → 3.10; "^3.11" → 3.11.
    const lower = /(?:>=|\^|~=|==|~)\s*(\d+\.\d+)/.exec(requires) ?? /(\d+\.\d+)/.exec(requires);
    const v = lower ? parsePythonVersion(lower[1]) : undefined;
    if (v) candidates.push({ version: v, source: `${rel} requires-python`, rank: 1 });
  }
  const deps: unknown[] = Array.isArray(doc.project?.dependencies) ? doc.project.dependencies : [];
  for (const d of deps) if (typeof d === 'string') addRequirement(d, facts);
  const poetry = doc.tool?.poetry?.dependencies;
  if (poetry && typeof poetry === 'object') {
    for (const [name, spec] of Object.entries(poetry)) {
      const version = typeof spec === 'string' ? spec : (spec as any)?.version;
      if (name !== 'python' && typeof version === 'string') addRequirement(`${name}${/^\d/.test(version) ? '==' : ''}${version}`, facts);
    }
  }
}

/** Reads the requirements; true when every one is pinned with `==` (what pip-compile and `pip freeze` write). */
function readRequirements(text: string, facts: ProjectFacts): boolean {
  let pinned = 0, loose = 0;
  for (const line of text.split(/\r?\n/)) {
    const spec = line.replace(/#.*/, '').trim();
    addRequirement(spec, facts);
    if (!spec || spec.startsWith('-')) continue;
    if (/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*===?\s*[\w.+!-]+(\s*;.*)?(\s*\\)?$/.test(spec) || /^--hash/.test(spec)) pinned++; else loose++;
  }
  return pinned > 0 && loose === 0;
}

function addRequirement(spec: string, facts: ProjectFacts): void {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:(===?|>=|~=|\^|>)\s*v?(\d+(?:\.\d+)*))?/.exec(spec);
  if (!m || spec.startsWith('-')) return;
  const name = normalizeName(m[1]);
  if (!facts.dependencies.has(name) || m[3]) facts.dependencies.set(name, m[3] ?? '');
}

/** PEP 503 normalisation: `Pydantic_Settings` → `pydantic-settings`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function readLockfile(base: string, text: string): [string, string][] {
  try {
    if (base === 'Pipfile.lock') {
      const doc = (parseJsonObject(text) ?? {}) as Record<string, Record<string, { version?: string }>>;
      return ['default', 'develop'].flatMap((section) => Object.entries(doc[section] ?? {}))
        .filter(([, v]) => typeof v?.version === 'string').map(([name, v]) => [name, v.version!.replace(/^==/, '')]);
    }
    // uv.lock and poetry.lock: [[package]] tables with name and version.
    const doc = parseToml(text) as { package?: { name?: unknown; version?: unknown }[] };
    return (doc.package ?? []).filter((p) => typeof p.name === 'string' && typeof p.version === 'string')
      .map((p) => [p.name as string, p.version as string]);
  } catch {
    return [];
  }
}

/** Compares dotted versions numerically (`2.10` > `2.9`); pre-release suffixes are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether the project's version of a dependency is at least `version`: true / false, or undefined
 * when the manifests do not name it or give no version. Rules that need a replacement API fire only on true.
 */
export function dependencyAtLeast(facts: ProjectFacts, name: string, version: string): boolean | undefined {
  const found = facts.dependencies.get(normalizeName(name));
  if (!found) return undefined;
  return compareVersions(found, version) >= 0;
}
