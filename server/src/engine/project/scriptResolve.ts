// Follows a TS/JS include target (`app.use('/api', notifications)`) to the router it names in another
// module: through the file's imports, relative module specifiers (extensions and index files as Node
// and TypeScript resolve them), and the target module's exports, re-exports included.
import path from 'node:path';
import type { FileSummary, IncludeSite } from './summary';

/** A router/app variable in a file; 'not-a-router' when the target is found but is something else (middleware). */
export type Resolution = { file: string; variable: string } | 'not-a-router' | undefined;

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** ESM under NodeNext imports `./x.js` for the source `./x.ts`. */
const SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const MAX_HOPS = 10;

export function resolveScriptTarget(file: string, summary: FileSummary, include: IncludeSite, summaries: Map<string, FileSummary>): Resolution {
  if (include.module) {
    const target = resolveSpecifier(file, include.module, summaries);
    return target ? follow(target, include.target, summaries, 0) : undefined;
  }
  const [head, ...rest] = include.target.split('.');
  const imported = summary.scriptImports?.[head];
  if (!imported) {
    // a name of this file (router, plugin, factory), or a global / local function: middleware
    const local = rest.length === 0 ? localNode(summary, head) : undefined;
    return local ? { file, variable: local } : 'not-a-router';
  }
  const target = resolveSpecifier(file, imported.module, summaries);
  if (!target) return undefined; // a path alias or a module we do not have: we cannot tell
  if (rest.length === 0) return follow(target, imported.name, summaries, 0);
  // `import * as routes from './routes'` / `const routes = require('./routes')`, then `routes.health`
  if (rest.length === 1 && imported.name === 'default') return follow(target, rest[0], summaries, 0);
  return undefined;
}

function follow(file: string, exported: string, summaries: Map<string, FileSummary>, hops: number): Resolution {
  const summary = summaries.get(file);
  if (!summary || hops > MAX_HOPS) return undefined;
  const local = summary.exports?.[exported] ?? exported;
  const reexport = /^@module:(.*)#([^#]*)$/.exec(local);
  if (reexport) {
    const target = resolveSpecifier(file, reexport[1], summaries);
    return target ? follow(target, reexport[2], summaries, hops + 1) : undefined;
  }
  const node = localNode(summary, local);
  if (node) return { file, variable: node };
  // `import { router } from './r'; export { router }`
  const imported = summary.scriptImports?.[local];
  if (imported) {
    const target = resolveSpecifier(file, imported.module, summaries);
    return target ? follow(target, imported.name, summaries, hops + 1) : undefined;
  }
  return 'not-a-router';
}

/** The router or app a name of the file stands for: itself, or the router a factory function returns. */
function localNode(summary: FileSummary, name: string): string | undefined {
  const variable = summary.aliases?.[name] ?? name;
  const known = summary.apps.some((a) => a.variable === variable) || (summary.routers ?? []).some((r) => r.variable === variable);
  return known ? variable : undefined;
}

/** `./routes/health` from src/server.ts → src/routes/health.ts (or .js, /index.ts, …) when the project has it. */
export function resolveSpecifier(fromFile: string, specifier: string, summaries: Map<string, FileSummary>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const ext = path.extname(base);
  const candidates = [base, ...(SOURCE_OF[ext] ?? []).map((e) => base.slice(0, -ext.length) + e),
    ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find((c) => summaries.has(c));
}
