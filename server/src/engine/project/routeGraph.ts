// The route graph: which paths each app really serves, following routers across modules.
// FastAPI: `include_router(r, prefix=)` prepends to the router's own `APIRouter(prefix=)`; Flask:
// `register_blueprint(bp, url_prefix=)` replaces the blueprint's own `url_prefix`; `mount()` prefixes a
// sub-application; Express `app.use('/p', router)`, Fastify `register(plugin, { prefix })` and Nest modules,
// controllers and `setGlobalPrefix` prepend. Targets are resolved through each file's imports to a
// variable in another module (scriptResolve.ts for TS/JS).
import path from 'node:path';
import type { Range } from '../types';
import type { ProjectModel } from './model';
import type { AppSite, FileSummary, IncludeSite } from './summary';
import { joinPaths } from './pythonSummary';
import { resolveScriptTarget } from './scriptResolve';
import { isScriptFile } from '../parse/script';

export interface ResolvedRoute { path: string; file: string; range: Range; handler?: import('./handlerChecks').HandlerKind }

export interface AppRoutes {
  file: string;
  app: AppSite;
  routes: ResolvedRoute[];
  /** Includes reached from this app whose target we could not resolve (dynamic, third-party, …). */
  unresolved: { file: string; include: IncludeSite }[];
}

export interface RouteGraph {
  apps: AppRoutes[];
  /** Routes no app reaches: defined, but never included anywhere we can see. */
  orphans: ResolvedRoute[];
  /** Apps mounted into another app (`app.mount("/", frontend)`): part of their parent, not services of their own. */
  mounted: Set<string>;
}

export function appKey(file: string, app: AppSite): string { return `${file}#${app.variable}`; }

const MAX_DEPTH = 20;

/** One graph per model: several project rules ask for it during the same evaluation. */
const graphs = new WeakMap<ProjectModel, RouteGraph>();

export function buildRouteGraph(model: ProjectModel): RouteGraph {
  let graph = graphs.get(model);
  if (!graph) graphs.set(model, (graph = computeRouteGraph(model)));
  return graph;
}

function computeRouteGraph(model: ProjectModel): RouteGraph {
  const summaries = new Map(model.summaries.map((e) => [e.file, e.summary]));
  const modules = moduleIndex(model.root, model.files);
  const reached = new Set<string>(); // `${file}#${line}:${character}` of routes some app reaches
  const mounted = new Set<string>();
  const apps: AppRoutes[] = [];

  for (const [file, summary] of summaries) {
    for (const app of summary.apps) {
      const result: AppRoutes = { file, app, routes: [], unresolved: [] };
      const visit = (nodeFile: string, variable: string | undefined, prefix: string, depth: number, seen: Set<string>) => {
        const key = `${nodeFile}#${variable}`;
        if (depth > MAX_DEPTH || seen.has(key)) return;
        seen.add(key);
        const s = summaries.get(nodeFile)!;
        for (const route of s.routes) {
          if (route.owner !== variable) continue;
          result.routes.push({ path: joinPaths(prefix, route.rawPath ?? route.path), file: nodeFile, range: route.range, handler: route.handler });
          reached.add(routeKey(nodeFile, route.range));
        }
        for (const include of s.includes ?? []) {
          if ((include.owner || undefined) !== variable) continue; // '' is an app bound to no variable (`NestFactory.create(M).then(…)`)
          const target = isScriptFile(nodeFile) ? resolveScriptTarget(nodeFile, s, include, summaries)
            : resolveTarget(nodeFile, s, include.target, summaries, modules, model.root);
          if (target === 'not-a-router') { if (include.optional) continue; result.unresolved.push({ file: nodeFile, include }); continue; }
          // an optional Python include (`db.init_app(app)`) that names no router is no gap; TS/JS middleware is
          // told apart by 'not-a-router' above, so a TS/JS target we cannot find (a path alias) still is one
          if (!target) { if (!include.optional || isScriptFile(nodeFile)) result.unresolved.push({ file: nodeFile, include }); continue; }
          if (summaries.get(target.file)?.apps.some((a) => a.variable === target.variable)) mounted.add(`${target.file}#${target.variable}`);
          const router = summaries.get(target.file)?.routers?.find((r) => r.variable === target.variable);
          const own = router?.prefix ?? '';
          const childPrefix = router?.framework === 'flask'
            ? joinPaths(prefix, include.prefix !== undefined ? include.prefix : own)
            : joinPaths(joinPaths(prefix, include.prefix ?? ''), own);
          visit(target.file, target.variable, childPrefix === '/' ? '' : childPrefix, depth + 1, seen);
        }
      };
      visit(file, app.variable, '', 0, new Set());
      apps.push(result);
    }
  }
  const orphans: ResolvedRoute[] = [];
  for (const [file, summary] of summaries) {
    for (const route of summary.routes) {
      if (!reached.has(routeKey(file, route.range))) orphans.push({ path: route.path, file, range: route.range });
    }
  }
  return { apps, orphans, mounted };
}

function routeKey(file: string, range: Range): string {
  return `${file}#${range.start.line}:${range.start.character}`;
}

/** Per set of files: the model keeps the same set while edits change no file's existence (see WorkspaceIndex.model). */
const moduleIndexes = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

/** Dotted module name → files, indexed under every suffix (`src.app.main`, `app.main`, `main`) for src layouts. */
function moduleIndex(root: string, files: ReadonlySet<string>): Map<string, string[]> {
  const cached = moduleIndexes.get(files);
  if (cached) return cached;
  const index = new Map<string, string[]>();
  for (const file of files) {
    if (!/\.pyi?$/.test(file)) continue;
    const parts = moduleName(root, file).split('.');
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(i).join('.');
      const list = index.get(key);
      if (list) list.push(file); else index.set(key, [file]);
    }
  }
  moduleIndexes.set(files, index);
  return index;
}

export function moduleName(root: string, file: string): string {
  const rel = path.relative(root, file).split(path.sep).join('/').replace(/\.pyi?$/, '');
  return rel.split('/').filter((p) => p !== '__init__').join('.');
}

/** `orders.router` / `health_router` / `router` written in `file` → the module file and variable it names. */
function resolveTarget(file: string, summary: FileSummary, target: string, summaries: Map<string, FileSummary>,
  modules: Map<string, string[]>, root: string): { file: string; variable: string } | undefined {
  const [head, ...rest] = target.split('.');
  if (rest.length === 0 && isNode(summary, head)) return { file, variable: head };
  const imported = summary.imports?.[head];
  if (!imported) return undefined;
  let qualified = [imported, ...rest].join('.');
  if (qualified.startsWith('.')) qualified = absolute(root, file, qualified);
  // Longest module prefix that is a file of the project; what remains must be one variable in it.
  const parts = qualified.split('.');
  for (let cut = parts.length - 1; cut >= 1; cut--) {
    const candidates = modules.get(parts.slice(0, cut).join('.'));
    if (!candidates || parts.length - cut !== 1) continue;
    const variable = parts[cut];
    const match = candidates.find((f) => isNode(summaries.get(f)!, variable));
    if (match) return { file: match, variable };
  }
  return undefined;
}

/** `.health.router` imported in app/main.py → `app.health.router`. */
function absolute(root: string, file: string, relative: string): string {
  const dots = relative.match(/^\.+/)![0].length;
  const own = moduleName(root, file).split('.');
  const isPackage = path.basename(file).startsWith('__init__.');
  const base = own.slice(0, own.length - (isPackage ? 0 : 1) - (dots - 1));
  return [...base, relative.slice(dots)].filter(Boolean).join('.');
}

function isNode(summary: FileSummary, variable: string): boolean {
  return (summary.routers ?? []).some((r) => r.variable === variable) || summary.apps.some((a) => a.variable === variable);
}
