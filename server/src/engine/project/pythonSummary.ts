// Extracts apps and routes from a parsed Python file (FastAPI, Flask; prefixes of routers declared in
// the same file). Cross-module prefixes (`include_router(prefix=)`) are resolved by the route graph.
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { PythonFile } from '../rules/context';
import { descendantsInScope, enclosingStatement, keywordArgument, nodeRange, positionalArguments, stringValue } from '../parse/pyast';
import { classifyHandler, type HandlerKind } from './handlerChecks';
import { qualify } from '../parse/pyimports';
import type { AppSite, FileSummary, IncludeSite, RouteSite, RouterSite, WebFramework } from './summary';
import { summarizePydantic } from './pydanticSummary';

const APP_CLASSES: Record<string, WebFramework> = { 'fastapi.FastAPI': 'fastapi', 'flask.Flask': 'flask', 'starlette.applications.Starlette': 'starlette' };
/** Starlette's route table entries (FastAPI re-exports them): `Route("/x", f)`, `Mount("/p", routes=[…] | app=…)`. */
const STARLETTE_ROUTE = /^(starlette|fastapi)\.routing\.(Route|WebSocketRoute|APIRoute|APIWebSocketRoute)$/;
const STARLETTE_MOUNT = /^(starlette|fastapi)\.routing\.Mount$/;
const ROUTER_CLASSES = /^(fastapi\.APIRouter|flask\.Blueprint|flask_smorest\.Blueprint)$/;
/** REST extensions of Flask: an Api is a router of its own (with a `prefix=`) attached to the app or blueprint it is given. */
const API_CLASSES = /^(flask_restx|flask_restplus|flask_smorest|flask_restful)\.Api$/;
/** flask-restx namespaces: routers whose path is `path=`, or `/<name>`. */
const NAMESPACE_CLASSES = /^(flask_restx|flask_restplus)\.Namespace$/;
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route', 'route', 'websocket']);
const ROUTE_REGISTRARS = new Set(['add_api_route', 'add_url_rule', 'add_resource']);
const INCLUDERS = new Set(['include_router', 'register_blueprint', 'mount', 'add_namespace']);
/** SQLAlchemy's engine factories (also read by the rule sqlalchemy-pool-pre-ping). */
export const ENGINE_FACTORY = /^(sqlalchemy(\.engine)?\.create_engine|sqlmodel\.create_engine|sqlalchemy\.ext\.asyncio\.create_async_engine)$/;
/** Module-level SQLAlchemy engines a generated readiness route can ping (value: async). */
const ENGINE_FACTORIES: Record<string, boolean> = {
  'sqlalchemy.create_engine': false, 'sqlmodel.create_engine': false, 'sqlalchemy.ext.asyncio.create_async_engine': true,
};

/**
 * `withPydantic`: also extract what the Pydantic rules resolve across files (bindings, classes, call
 * sites). Costly on large files, so only for projects known to be on Pydantic 2, where those rules fire.
 */
export function summarizePython(file: PythonFile, withPydantic = true): FileSummary {
  const apps: AppSite[] = [];
  const routers: RouterSite[] = [];
  const includes: IncludeSite[] = [];
  const prefixes = new Map<string, string>();
  const engines: { variable: string; async: boolean }[] = [];
  const apis = new Set<string>();
  let engineCalls = 0;
  const calls = file.nodes('call').filter((c): c is Node => !!c);
  const routes: RouteSite[] = [];
  starletteTables(file, routers, routes, includes);
  for (const call of calls) {
    const name = qualify(call.childForFieldName('function'), file.imports);
    if (!name) continue;
    if (ENGINE_FACTORY.test(name)) engineCalls++;
    const framework = APP_CLASSES[name];
    const variable = boundVariable(call);
    if (framework) {
      const stmt = enclosingStatement(call);
      apps.push({ framework, variable, range: nodeRange(call), statementEndLine: stmt.endPosition.row,
        indent: file.lines.lineText(stmt.startPosition.row).match(/^\s*/)![0], siblingImportStyle: siblingImportStyle(file),
        importLine: file.imports.lastImport ? file.imports.lastImport.endPosition.row + 1 : 0, eol: file.lines.eol,
        statementEndsFile: stmt.endPosition.row + 1 >= file.lines.lineCount });
      const table = keywordArgument(call, 'routes');
      if (table && variable) routeTable(file, table, variable, '', routes, includes);
    } else if (ENGINE_FACTORIES[name] !== undefined && variable && enclosingStatement(call).parent?.type === 'module') {
      engines.push({ variable, async: ENGINE_FACTORIES[name] });
    } else if (ROUTER_CLASSES.test(name) && variable) {
      const prefix = stringValue(keywordArgument(call, 'prefix') ?? keywordArgument(call, 'url_prefix')) ?? '';
      prefixes.set(variable, prefix);
      routers.push({ variable, framework: name.startsWith('flask') ? 'flask' : 'fastapi', prefix, range: nodeRange(call) });
    } else if (API_CLASSES.test(name) && variable) {
      const prefix = stringValue(keywordArgument(call, 'prefix')) ?? '';
      prefixes.set(variable, prefix);
      apis.add(variable);
      routers.push({ variable, framework: 'flask', prefix, range: nodeRange(call) });
      const owner = positionalArguments(call)[0] ?? keywordArgument(call, 'app');
      if (owner?.type === 'identifier') includes.push({ owner: owner.text, target: variable, range: nodeRange(call) });
    } else if (NAMESPACE_CLASSES.test(name) && variable) {
      const prefix = namespacePath(call);
      prefixes.set(variable, prefix);
      routers.push({ variable, framework: 'flask', prefix, range: nodeRange(call) });
    }
  }
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute') continue;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const owner = fn.childForFieldName('object')?.text ?? '';
    const isDecorator = call.parent?.type === 'decorator';
    if (INCLUDERS.has(method)) {
      const include = includeSite(call, method, owner);
      if (include) includes.push(include);
      continue;
    }
    if (method === 'init_app') {
      // `api.init_app(app)` (an Api made without its app); `db.init_app(app)` and the like are not routers: optional
      const app = positionalArguments(call)[0];
      if (app?.type === 'identifier' && fn.childForFieldName('object')?.type === 'identifier') {
        includes.push({ owner: app.text, target: owner, range: nodeRange(call), ...(apis.has(owner) ? {} : { optional: true }) });
      }
      continue;
    }
    if (method === 'namespace' && apis.has(owner)) {
      // `ns = api.namespace("health", path="/health")`: a namespace added to the api at once
      const variable = boundVariable(call);
      if (variable) {
        const prefix = namespacePath(call);
        prefixes.set(variable, prefix);
        routers.push({ variable, framework: 'flask', prefix, range: nodeRange(call) });
        includes.push({ owner, target: variable, range: nodeRange(call) });
      }
      continue;
    }
    if (!(isDecorator && ROUTE_METHODS.has(method)) && !ROUTE_REGISTRARS.has(method)) continue;
    const pathNode = method === 'add_resource' ? positionalArguments(call)[1]
      : keywordArgument(call, 'path') ?? keywordArgument(call, 'rule') ?? positionalArguments(call)[0];
    const path = stringValue(pathNode);
    if (path === undefined) continue;
    routes.push({ path: joinPaths(prefixes.get(owner) ?? '', path), rawPath: path, owner: owner || undefined, range: nodeRange(call),
      handler: isDecorator ? decoratedHandler(call) : undefined });
  }
  return { apps, routes, routers, includes, ...(engines.length ? { engines } : {}), ...(engineCalls ? { engineCalls } : {}), imports: Object.fromEntries(file.imports.names), ...(withPydantic ? summarizePydantic(file) : {}) };
}

/** `include_router(r, prefix=…)`, `register_blueprint(bp, url_prefix=…)`, `mount("/p", sub_app)`. */
function includeSite(call: Node, method: string, owner: string): IncludeSite | undefined {
  const args = positionalArguments(call);
  if (method === 'mount') {
    const prefix = stringValue(args[0] ?? keywordArgument(call, 'path'));
    const target = args[1] ?? keywordArgument(call, 'app');
    return target && prefix !== undefined ? { owner, target: target.text, prefix, range: nodeRange(call) } : undefined;
  }
  const target = args[0] ?? keywordArgument(call, 'router') ?? keywordArgument(call, 'blueprint') ?? keywordArgument(call, 'ns');
  if (!target) return undefined;
  const prefixNode = keywordArgument(call, method === 'include_router' ? 'prefix' : method === 'add_namespace' ? 'path' : 'url_prefix')
    ?? (method === 'add_namespace' ? args[1] : undefined);
  return { owner, target: target.text, prefix: prefixNode ? stringValue(prefixNode) ?? '' : undefined, range: nodeRange(call) };
}

/** Module-level route tables (`routes = [Route(…), Mount(…)]`): routers other modules hand to `Starlette(routes=…)`. */
function starletteTables(file: PythonFile, routers: RouterSite[], routes: RouteSite[], includes: IncludeSite[]): void {
  if (!file.text.includes('Route(') && !file.text.includes('Mount(')) return;
  for (const stmt of file.root.namedChildren) {
    const assignment = stmt?.type === 'expression_statement' ? stmt.firstNamedChild : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const right = assignment?.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'list') continue;
    const entries = right.namedChildren.filter((e): e is Node => e?.type === 'call');
    if (!entries.some((e) => isStarletteEntry(e, file))) continue;
    routers.push({ variable: left.text, framework: 'starlette', prefix: '', range: nodeRange(right) });
    routeTable(file, right, left.text, '', routes, includes);
  }
}

function isStarletteEntry(call: Node, file: PythonFile): boolean {
  const name = qualify(call.childForFieldName('function'), file.imports) ?? '';
  return STARLETTE_ROUTE.test(name) || STARLETTE_MOUNT.test(name);
}

/**
 * The entries of a route table, owned by `owner` (an app or a table) under `prefix`: routes, nested
 * `Mount(…, routes=[…])` tables, and mounted apps or tables named by a variable (followed by the graph).
 */
function routeTable(file: PythonFile, table: Node, owner: string, prefix: string, routes: RouteSite[], includes: IncludeSite[]): void {
  if (table.type === 'identifier') {
    includes.push({ owner, target: table.text, prefix, range: nodeRange(table) });
    return;
  }
  if (table.type !== 'list') return;
  for (const entry of table.namedChildren) {
    if (entry?.type !== 'call') continue;
    const name = qualify(entry.childForFieldName('function'), file.imports) ?? '';
    const args = positionalArguments(entry);
    const path = stringValue(args[0] ?? keywordArgument(entry, 'path'));
    if (path === undefined) continue;
    const full = joinPaths(prefix, path);
    if (STARLETTE_ROUTE.test(name)) {
      routes.push({ path: full, rawPath: full, owner, range: nodeRange(entry) });
    } else if (STARLETTE_MOUNT.test(name)) {
      const nested = keywordArgument(entry, 'routes');
      const app = args[1] ?? keywordArgument(entry, 'app');
      if (nested) routeTable(file, nested, owner, full, routes, includes);
      else if (app?.type === 'identifier' || app?.type === 'attribute') includes.push({ owner, target: app.text, prefix: full, range: nodeRange(entry) });
    }
  }
}

/** A flask-restx namespace's path: `path=`, else `/<name>`. */
function namespacePath(call: Node): string {
  const path = stringValue(keywordArgument(call, 'path'));
  if (path !== undefined) return path;
  const name = stringValue(positionalArguments(call)[0] ?? keywordArgument(call, 'name'));
  return name ? `/${name}` : '';
}

/** What the function under a route decorator does (`@app.get("/ready")` over `def ready(): return {...}`). */
function decoratedHandler(call: Node): HandlerKind | undefined {
  const definition = call.parent?.parent?.type === 'decorated_definition' ? call.parent.parent.childForFieldName('definition') : null;
  const body = definition?.type === 'function_definition' ? definition.childForFieldName('body') : null;
  if (!body) return undefined;
  const calls = descendantsInScope(body, ['call']).map((c) => {
    const fn = c.childForFieldName('function');
    return (fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text) ?? '';
  });
  return classifyHandler(calls, descendantsInScope(body, ['await']).length);
}

function boundVariable(call: Node): string | undefined {
  const parent = call.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.id) {
    const left = parent.childForFieldName('left');
    if (left?.type === 'identifier') return left.text;
  }
  return undefined;
}

/**
 * How this module imports modules next to it: 'relative' (`from .db import`), the dotted package it
 * sits in when it imports siblings absolutely (`from app.db import` in app/main.py → 'app'), or
 * 'top-level' (a script run from its own folder).
 */
function siblingImportStyle(file: PythonFile): string {
  const dirs = path.dirname(file.file).split(/[\\/]/).filter(Boolean);
  let best = 'top-level';
  for (const stmt of file.root.namedChildren) {
    if (stmt?.type !== 'import_from_statement' && stmt?.type !== 'import_statement') continue;
    const module = stmt.type === 'import_from_statement' ? stmt.childForFieldName('module_name')?.text ?? '' : stmt.namedChildren[0]?.text ?? '';
    if (module.startsWith('.')) return 'relative';
    for (let k = dirs.length; k >= 1; k--) {
      const pkg = dirs.slice(-k).join('.');
      if ((module === pkg || module.startsWith(`${pkg}.`)) && pkg.length > (best === 'top-level' ? 0 : best.length)) best = pkg;
    }
  }
  return best;
}

export function joinPaths(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : '/';
}
