// Facts about the JavaScript/TypeScript side of a project, from package.json, package-lock.json and
// tsconfig.json (data only: never executed). tsconfig is JSON with comments: the compiler's own reader parses it.
import path from 'node:path';
import ts from 'typescript';

export interface ScriptFacts {
  /** npm package name → the lowest version package.json allows, or the installed one from the lockfile. */
  packages: Map<string, string>;
  /** Packages a package.json names itself (lockfiles also list transitive installs: `@hapi/joi` under react-scripts). */
  declared: Set<string>;
  /**
   * Whether `new Error(message, { cause })` type-checks and runs: ES2022 lib/target in tsconfig, or no
   * tsconfig (Node ≥ 16.9 has it). False only when a tsconfig pins an older target and lib.
   */
  errorCause: boolean;
  /** Where errorCause was decided, for messages. */
  errorCauseSource: string;
}

export function defaultScriptFacts(): ScriptFacts {
  return { packages: new Map(), declared: new Set(), errorCause: true, errorCauseSource: 'default' };
}

export function isScriptFactsFile(base: string): boolean {
  return base === 'package.json' || base === 'package-lock.json' || /^tsconfig(\..+)?\.json$/.test(base)
    || base === 'npm-shrinkwrap.json' || base === 'yarn.lock' || base === 'pnpm-lock.yaml' || base === 'bun.lock'; // lockfiles: only their presence counts
}

/** Files nearer the root first; the first tsconfig.json decides errorCause. */
export function readScriptFacts(files: { rel: string; text: string }[]): ScriptFacts {
  const facts = defaultScriptFacts();
  const locked = new Map<string, string>();
  let decided = false;
  for (const { rel, text } of files) {
    const base = path.posix.basename(rel);
    if (base === 'package.json') readPackageJson(text, facts.packages, facts.declared);
    else if (base === 'package-lock.json') readPackageLock(text, locked);
    else if (base === 'tsconfig.json' && !decided) {
      const cause = errorCauseFromTsconfig(text);
      if (cause !== undefined) { facts.errorCause = cause; facts.errorCauseSource = `${rel} compilerOptions`; decided = true; }
    }
  }
  for (const [name, version] of locked) facts.packages.set(name, version);
  return facts;
}

/** A JSON object, or undefined: a BOM (editors on Windows write one) is not an error; `null` or `[]` is no manifest. */
export function parseJsonObject(text: string): Record<string, any> | undefined {
  try {
    const doc: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? doc as Record<string, any> : undefined;
  } catch { return undefined; }
}

function readPackageJson(text: string, into: Map<string, string>, declared: Set<string>): void {
  const doc = parseJsonObject(text);
  if (!doc) return;
  for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = doc[section];
    if (!deps || typeof deps !== 'object') continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof spec !== 'string') continue;
      declared.add(name);
      if (into.has(name)) continue;
      // "^4.18.2" → 4.18.2; "workspace:*", git URLs and tags → "" (present, version unknown)
      into.set(name, /^[\^~>=v\s]*(\d+(?:\.\d+)*)/.exec(spec)?.[1] ?? '');
    }
  }
}

function readPackageLock(text: string, into: Map<string, string>): void {
  const doc = parseJsonObject(text) as { packages?: Record<string, { version?: unknown }>; dependencies?: Record<string, { version?: unknown }> } | undefined;
  if (!doc) return;
  // lockfile v2/v3: "node_modules/<name>" keys (top-level installs only); v1: "dependencies"
  for (const [key, value] of Object.entries(doc.packages ?? {})) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
    if (m && typeof value?.version === 'string') into.set(m[1], value.version);
  }
  for (const [name, value] of Object.entries(doc.dependencies ?? {})) {
    if (!into.has(name) && typeof value?.version === 'string') into.set(name, value.version);
  }
}

const ES_YEAR = /^es(\d{4})$/;

function errorCauseFromTsconfig(text: string): boolean | undefined {
  let parsed;
  try { parsed = ts.parseConfigFileTextToJson('tsconfig.json', text); } catch { return undefined; } // the parser recurses: deep nesting overflows
  const options = parsed.config?.compilerOptions;
  if (!options || typeof options !== 'object') return undefined;
  const year = (v: unknown): number | undefined => {
    if (typeof v !== 'string') return undefined;
    const s = v.toLowerCase();
    if (s === 'esnext' || s.startsWith('esnext.')) return 9999;
    if (s === 'es6') return 2015;
    const m = ES_YEAR.exec(s.split('.')[0]);
    return m ? Number(m[1]) : undefined;
  };
  // `lib` replaces the target's default library when present
  if (Array.isArray(options.lib)) return options.lib.some((l: unknown) => (year(l) ?? 0) >= 2022);
  const target = year(options.target);
  return target === undefined ? undefined : target >= 2022;
}

/** Whether the project depends on an npm package (any version). */
export function hasPackage(facts: ScriptFacts, name: string): boolean {
  return facts.packages.has(name);
}
