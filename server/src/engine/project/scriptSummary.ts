// Extracts apps, routers, routes and the wiring between them from a TS/JS file, for the route graph:
// Express (`express()`, `Router()`, `app.use('/p', router)`), Fastify (`Fastify()`, plugins registered
// with `{ prefix }`), NestJS (`NestFactory.create(AppModule)`, `@Module`, `@Controller('p')` + `@Get('q')`,
// `setGlobalPrefix`). Syntax only: names imported from other modules are followed by the route graph.
import { builtinModules } from 'node:module';
import ts from 'typescript';
import type { ScriptFile } from '../rules/scriptContext';
import { lastLeadingImport, moduleBindings, qualifyScript, type ModuleBindings, type ModuleRef } from '../parse/tsimports';
import { dottedName, forEachNode, lineIndent, scriptRange, stringValue, unwrap } from '../parse/tsast';
import { classifyHandler, type HandlerKind } from './handlerChecks';
import { joinPaths } from './pythonSummary';
import type { ProjectFacts } from '../workspace/facts';
import { indentUnit } from '../rules/ts/handlers';
import type { AppSite, FileSummary, IncludeSite, ListenSite, RouteSite, RouterSite, ScriptStyle, WebFramework } from './summary';
import { shutdownHandling } from './shutdownSummary';

/** Modules and names that mark a file that may register routes (type-only imports of Fastify types included). */
const WEB_MODULES = /^(express|fastify|fastify-plugin|koa|@koa\/router|@nestjs\/.+|@fastify\/.+)$/;
const WEB_NAMES = /\b(Fastify\w*|Express|express|Router|IRouter|Application)\b/;
/** `x.get('/…'`, `x.route(`, `x.use(`, `x.register(`: a plugin or helper that registers on an app it is given. */
const ROUTE_CALLS = /\.(get|post|put|patch|delete|del|head|options|all)\(\s*['"`][/*]|\.(route|use|register)\(/;
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);
const NEST_ROUTES = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All']);

export function summarizeScript(file: ScriptFile, facts: ProjectFacts): FileSummary {
  const { source } = file;
  const bindings = moduleBindings(source, file.nodes);
  const isPackage = (module: string) => isPackageModule(module, facts);
  const calls = file.nodes<ts.CallExpression>(ts.SyntaxKind.CallExpression);
  const apps: AppSite[] = [];
  const routers: RouterSite[] = [];
  const routes: RouteSite[] = [];
  const includes: IncludeSite[] = [];
  const framework: WebFramework = /['"]fastify['"]/.test(source.text) ? 'fastify' : 'express';
  const range = (node: ts.Node) => scriptRange(source, node);

  // 1. What the file constructs: apps and routers.
  const constructions = [...calls, ...file.nodes<ts.NewExpression>(ts.SyntaxKind.NewExpression)];
  for (const call of constructions) {
    const kind = constructionKind(qualifyScript(call.expression, bindings));
    if (!kind) continue;
    const variable = boundVariable(call);
    if (kind === 'router') {
      if (variable) routers.push({ variable, framework: 'express', prefix: '', range: range(call) });
      continue;
    }
    apps.push(appSite(file, call, kind, variable));
    const root = kind === 'nest' ? call.arguments?.[0] : undefined;
    if (root && ts.isIdentifier(root)) includes.push({ owner: variable ?? '', target: root.text, range: range(root) });
  }
  const appVariables = new Set(apps.map((a) => a.variable).filter(Boolean));
  const nodeNames = new Set([...appVariables, ...routers.map((r) => r.variable)]);

  // Who a call on `x` registers with: the app/router `x`, or the plugin function whose parameter `x` is.
  const plugins = new Map<ts.Node, string>();
  const ownerOf = (expr: ts.Expression): string | undefined => {
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return dottedName(e);
    const fn = parameterOwner(e);
    if (!fn) return e.text;
    let name = plugins.get(fn);
    if (!name) {
      plugins.set(fn, (name = functionName(fn)));
      routers.push({ variable: name, framework, prefix: '', range: range(fn.parameters[0] ?? fn) });
    }
    return name;
  };
  const isOwnerLike = (expr: ts.Expression) => {
    const e = unwrap(expr);
    return ts.isIdentifier(e) && (nodeNames.has(e.text) || !!parameterOwner(e));
  };
  // For the arguments of every call (`registerRoutes(app)`): the parameter walk only for app-like names
  const isLikelyOwner = (expr: ts.Expression) => {
    const e = unwrap(expr);
    return ts.isIdentifier(e) && (nodeNames.has(e.text) || (APP_PARAM.test(e.text) && !!parameterOwner(e)));
  };
  // `client.get('/health', opts)` on an HTTP client is not a route: routes hang off the file's apps and
  // routers, plugin parameters, or an app/router imported from the project.
  const canOwnRoutes = (expr: ts.Expression) => {
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return false;
    const bound = bindings.get(e.text);
    return isOwnerLike(e) || (!!bound && !isPackage(bound.module));
  };

  // 2. Routes and the wiring between apps, routers and plugins: only in files that can have any (most
  // modules of a service construct no app and import no web framework; this loop visits every call).
  const mayRoute = apps.length > 0 || routers.length > 0 || [...bindings.values()].some((r) => WEB_MODULES.test(r.module))
    || WEB_NAMES.test(source.text) || ROUTE_CALLS.test(source.text);
  for (const call of mayRoute ? calls : []) {
    const callee = call.expression;
    const args = call.arguments;
    if (!ts.isPropertyAccessExpression(callee)) {
      const include = registrarCall(call, bindings, isPackage, isLikelyOwner, ownerOf);
      if (include) includes.push({ ...include, range: range(call) });
      continue;
    }
    const method = callee.name.text;
    const owner = () => ownerOf(callee.expression);
    const path = stringValue(args[0]);
    if (HTTP_METHODS.has(method) && args.length >= 2 && isRoutePath(path) && canOwnRoutes(callee.expression)) {
      routes.push({ path: path!, rawPath: path!, owner: owner(), range: range(call), handler: handlerKind(args[args.length - 1]) });
    } else if (method === 'route' && args.length === 1 && canOwnRoutes(callee.expression)) {
      // Express `router.route('/x').get(…)`; Fastify `app.route({ method, url: '/x', handler })`
      const url = isRoutePath(path) ? path : ts.isObjectLiteralExpression(args[0]) ? stringValue(propertyValue(args[0], 'url') ?? propertyValue(args[0], 'path')) : undefined;
      if (isRoutePath(url)) routes.push({ path: url!, rawPath: url!, owner: owner(), range: range(call) });
    } else if (method === 'use' && args.length > 0) {
      useSites(call, path, bindings, isPackage, owner, routes, includes, range);
    } else if (method === 'register' && args.length > 0) {
      const prefixArg = args[1] && ts.isObjectLiteralExpression(args[1]) ? propertyValue(args[1], 'prefix') : undefined;
      const target = pluginTarget(args[0], bindings, isPackage, (fn) => {
        let name = plugins.get(fn);
        if (!name) plugins.set(fn, (name = functionName(fn)));
        return name;
      });
      if (target) includes.push({ owner: owner() ?? '', ...target, prefix: stringValue(prefixArg), range: range(call) });
    } else if (method === 'setGlobalPrefix' && path !== undefined) {
      const app = owner();
      for (const inc of includes) if (inc.owner === app && appVariables.has(app)) inc.prefix = path;
    } else if (method === 'listen') {
      const app = apps.find((a) => a.variable === dottedName(callee.expression));
      if (app && args[0]) app.listenPort = literalPort(args[0], source);
      if (app) app.listenSite ??= listenSite(call, source);
    } else {
      const include = registrarCall(call, bindings, isPackage, isLikelyOwner, ownerOf);
      if (include) includes.push({ ...include, range: range(call) });
    }
  }
  // Plugins registered inline (`app.register(async (f) => { f.get(…) })`) are routers too.
  for (const [fn, name] of plugins) if (!routers.some((r) => r.variable === name)) routers.push({ variable: name, framework, prefix: '', range: range(fn) });

  nestClasses(file, bindings, isPackage, routers, routes, includes);
  const shutdown = shutdownHandling(source.text, calls, bindings);
  return {
    apps, routes, routers, includes, ...(shutdown ? { shutdown } : {}),
    scriptImports: localImports(bindings, isPackage), exports: moduleExports(source), aliases: routerFactories(source, new Set(routers.map((r) => r.variable))),
  };
}

type Construction = 'express' | 'fastify' | 'nest' | 'router';

/** What an inline route handler does (`(req, res) => res.json({ ok: true })`); a named handler is not followed. */
function handlerKind(handler: ts.Expression): HandlerKind | undefined {
  const fn = unwrap(handler);
  return ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? bodyKind(fn.body) : undefined;
}

function bodyKind(body: ts.Node): HandlerKind {
  const calls: string[] = [];
  let awaits = 0;
  forEachNode(body, (n) => {
    if (ts.isCallExpression(n)) {
      const callee = unwrap(n.expression);
      calls.push(ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '');
    } else if (ts.isAwaitExpression(n)) awaits++;
  });
  return classifyHandler(calls, awaits);
}

function constructionKind(ref: ModuleRef | undefined): Construction | undefined {
  if (!ref) return undefined;
  const member = ref.path.join('.');
  if (ref.module === 'express') return member === '' ? 'express' : member === 'Router' ? 'router' : undefined;
  if (ref.module === 'fastify') return member === '' || member === 'fastify' ? 'fastify' : undefined;
  if (ref.module === '@nestjs/core' && member === 'NestFactory.create') return 'nest';
  return undefined;
}

function appSite(file: ScriptFile, call: ts.CallExpression | ts.NewExpression, kind: Exclude<Construction, 'router'>, variable: string | undefined): AppSite {
  const { source } = file;
  const statement = enclosingStatement(call);
  const endLine = source.getLineAndCharacterOfPosition(statement.getEnd()).line;
  const style = scriptStyle(file);
  return {
    framework: kind, variable, range: scriptRange(source, call), statementEndLine: endLine,
    indent: lineIndent(source.text, statement.getStart(source)), siblingImportStyle: style.esm ? 'esm' : 'cjs',
    importLine: importLine(source),
    eol: file.lines.eol, statementEndsFile: endLine + 1 >= file.lines.lineCount, script: style,
  };
}

function scriptStyle(file: ScriptFile): ScriptStyle {
  const { source } = file;
  const imports = source.statements.filter(ts.isImportDeclaration);
  const relative = imports.map((i) => i.moduleSpecifier).filter(ts.isStringLiteral).map((m) => m.text).filter((m) => m.startsWith('.'));
  const first = imports[0]?.moduleSpecifier.getText(source)[0];
  return {
    esm: imports.length > 0 || /\.m[jt]s$/.test(file.file) || !/\brequire\s*\(/.test(source.text),
    typescript: file.isTypeScript,
    quote: first === '"' || (!first && (source.text.match(/"/g)?.length ?? 0) > (source.text.match(/'/g)?.length ?? 0)) ? '"' : "'",
    semicolon: source.statements.filter((s) => !ts.isFunctionDeclaration(s) && !ts.isClassDeclaration(s)).slice(0, 20)
      .filter((s) => source.text[s.getEnd() - 1] === ';').length * 2 >= Math.min(20, source.statements.length) || source.statements.length === 0,
    extensionInImports: relative.length > 0 && relative.every((m) => /\.[cm]?js$/.test(m)),
    extension: /\.[^./\\]+$/.exec(file.file)?.[0] ?? '.ts',
    indent: indentUnit(source.text),
  };
}

function enclosingStatement(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && !ts.isSourceFile(n.parent) && !ts.isBlock(n.parent) && !ts.isModuleBlock(n.parent)) n = n.parent;
  return n;
}

/** The statement of `app.listen(…)`: the server variable it binds, or where a bare call can bind one. */
function listenSite(call: ts.CallExpression, source: ts.SourceFile): ListenSite {
  const statement = enclosingStatement(call);
  const server = boundVariable(call);
  const bare = ts.isExpressionStatement(statement) && statement.expression === call;
  const name = ['server', 'httpServer', 'listener'].find((n) => !new RegExp(`\\b${n}\\b`).test(source.text)) ?? 'httpServer';
  return {
    end: source.getLineAndCharacterOfPosition(statement.getEnd()), indent: lineIndent(source.text, statement.getStart(source)),
    ...(server ? { server } : {}), ...(bare ? { bind: { at: source.getLineAndCharacterOfPosition(statement.getStart(source)), name } } : {}),
  };
}

/** `const app = express()`, `app = await NestFactory.create(AppModule)`, `export const router = Router()`. */
function boundVariable(node: ts.Expression): string | undefined {
  let n: ts.Node = node;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent))) n = n.parent;
  const parent = n.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === n) return dottedName(parent.left);
  return undefined;
}

function isRoutePath(path: string | undefined): boolean {
  return path !== undefined && (path.startsWith('/') || path === '*');
}

function propertyValue(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key) return p.initializer;
  }
  return undefined;
}

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

/** Parameters that hold an app or router: typed as one, or untyped and named like one. */
const APP_TYPE = /\b(Fastify\w*|Express|Application|Router|IRouter)\b/;
const APP_PARAM = /^(app|application|server|fastify|instance|router|api|routes)$/i;

/** The function whose app-like parameter `id` names (a plugin or a `registerRoutes(app)` helper), if any. */
function parameterOwner(id: ts.Identifier): FunctionLike | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!ts.isFunctionDeclaration(n) && !ts.isFunctionExpression(n) && !ts.isArrowFunction(n)) continue;
    const param = n.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
    if (!param) continue; // a closer function may not shadow it: keep looking outwards
    const inlinePlugin = param === n.parameters[0] && !!n.parent && ts.isCallExpression(n.parent) && isRegisterCall(n.parent);
    return inlinePlugin || (param.type ? APP_TYPE.test(param.type.getText()) : APP_PARAM.test(id.text)) ? n : undefined;
  }
  return undefined;
}

/** The name a function is known by from outside: its own, its variable's, `default` for a default export. */
function functionName(fn: FunctionLike): string {
  if (ts.isFunctionDeclaration(fn)) {
    const isDefault = fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    return fn.name && !isDefault ? fn.name.text : isDefault ? 'default' : `inline@${fn.pos}`;
  }
  let n: ts.Node = fn;
  // wrappers such as `fp(async (app) => …)` (fastify-plugin) name the function they wrap
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || (ts.isCallExpression(n.parent) && n.parent.arguments.includes(n as ts.Expression) && !isRegisterCall(n.parent)))) n = n.parent;
  const parent = n.parent;
  if (ts.isFunctionExpression(fn) && fn.name && !parent) return fn.name.text;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isExportAssignment(parent)) return 'default';
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = dottedName(parent.left);
    if (left === 'module.exports') return 'default';
    const named = /^(?:module\.)?exports\.(\w+)$/.exec(left ?? '');
    if (named) return named[1];
  }
  return `inline@${fn.pos}`;
}

function isRegisterCall(call: ts.CallExpression): boolean {
  return ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'register';
}

/** `app.use(router)`, `app.use('/api', auth, router)`, `app.use('/health', (req, res) => …)`. */
function useSites(call: ts.CallExpression, path: string | undefined, bindings: ModuleBindings, isPackage: (m: string) => boolean, owner: () => string | undefined,
  routes: RouteSite[], includes: IncludeSite[], range: (n: ts.Node) => RouteSite['range']): void {
  const args = call.arguments;
  const handlers = path !== undefined ? args.slice(1) : args;
  const last = handlers[handlers.length - 1];
  if (!last) return;
  const target = unwrap(last);
  const prefix = path;
  if (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) {
    if (isRoutePath(path)) routes.push({ path: path!, rawPath: path!, owner: owner(), range: range(call) });
    return;
  }
  if (ts.isCallExpression(target)) {
    const ref = qualifyScript(target.expression, bindings);
    const module = ref ? undefined : requiredSpecifier(target);
    if (module) { includes.push({ owner: owner() ?? '', target: 'default', module, prefix, range: range(call) }); return; }
    const name = dottedName(target.expression);
    // a package's middleware or handler (`express.static()`, `healthcheck()`) serves whatever is under the path
    if (ref && isPackage(ref.module)) { if (isRoutePath(path)) routes.push({ path: path!, rawPath: path!, owner: owner(), range: range(call) }); return; }
    if (name) includes.push({ owner: owner() ?? '', target: name, prefix, optional: true, range: range(call) });
    return;
  }
  const name = dottedName(target);
  if (!name) return;
  const ref = bindings.get(name.split('.')[0]);
  if (ref && isPackage(ref.module)) { if (isRoutePath(path)) routes.push({ path: path!, rawPath: path!, owner: owner(), range: range(call) }); return; }
  includes.push({ owner: owner() ?? '', target: name, prefix, optional: true, range: range(call) });
}

/** `app.register(plugin)`, `register(require('./p'))`, `register(import('./p'))`, `register(async (f) => …)`. */
function pluginTarget(arg: ts.Expression, bindings: ModuleBindings, isPackage: (m: string) => boolean, inlineName: (fn: FunctionLike) => string): Pick<IncludeSite, 'target' | 'module'> | undefined {
  const target = unwrap(arg);
  if (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) return { target: inlineName(target) };
  const module = requiredSpecifier(target);
  if (module) return { target: 'default', module };
  const name = dottedName(target);
  if (!name) return undefined;
  const ref = bindings.get(name.split('.')[0]);
  return ref && isPackage(ref.module) ? undefined : { target: name }; // packages (`@fastify/cors`) add no routes of the app's
}

/** `registerRoutes(app)`, `healthRoutes(app, deps)`: a project function handed the app registers on it. */
function registrarCall(call: ts.CallExpression, bindings: ModuleBindings, isPackage: (m: string) => boolean, isOwnerLike: (e: ts.Expression) => boolean,
  ownerOf: (e: ts.Expression) => string | undefined): Omit<IncludeSite, 'range'> | undefined {
  const name = dottedName(call.expression);
  if (!name) return undefined;
  const ref = bindings.get(name.split('.')[0]);
  if (ref && isPackage(ref.module)) return undefined;
  const app = call.arguments.find(isOwnerLike);
  if (!app) return undefined;
  return { owner: ownerOf(app) ?? '', target: name, optional: true };
}

/** `require('./x')` / `import('./x')` / `await import('./x')` of a relative module → './x'. */
function requiredSpecifier(node: ts.Expression): string | undefined {
  let n = unwrap(node);
  if (ts.isAwaitExpression(n)) n = unwrap(n.expression);
  if (!ts.isCallExpression(n) || n.arguments.length !== 1) return undefined;
  const isLoader = (ts.isIdentifier(n.expression) && n.expression.text === 'require') || n.expression.kind === ts.SyntaxKind.ImportKeyword;
  const spec = stringValue(n.arguments[0]);
  return isLoader && spec && isRelative(spec) ? spec : undefined;
}

/**
 * An npm package or Node built-in, as opposed to a module of the project: relative, or a path alias
 * (`@/routes`, `~/health`, `#app/x`) that names no dependency. Without a package.json every bare name counts as a package.
 */
function isPackageModule(module: string, facts: ProjectFacts): boolean {
  if (isRelative(module)) return false;
  if (module.startsWith('node:') || BUILTINS.has(module.split('/')[0])) return true;
  const name = module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : module.split('/')[0];
  const packages = facts.script.packages;
  return packages.size === 0 || packages.has(name) || KNOWN_PACKAGES.test(name);
}

const BUILTINS = new Set(builtinModules);
const KNOWN_PACKAGES = /^(express|fastify|koa|cors|helmet|@nestjs\/.+|@fastify\/.+)$/;

function isRelative(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..';
}

/** The port in `listen(3000)`, `listen(PORT)` with `const PORT = Number(process.env.PORT ?? 3000)`, `listen({ port: 3000 })`. */
function literalPort(arg: ts.Expression, source: ts.SourceFile): number | undefined {
  let expr = unwrap(arg);
  if (ts.isObjectLiteralExpression(expr)) {
    const port = propertyValue(expr, 'port');
    if (!port) return undefined;
    expr = unwrap(port);
  }
  if (ts.isIdentifier(expr)) {
    const name = expr.text;
    const decl = source.statements.filter(ts.isVariableStatement).flatMap((s) => [...s.declarationList.declarations])
      .find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (!decl?.initializer) return undefined;
    expr = decl.initializer;
  }
  let port: number | undefined;
  const visit = (n: ts.Node): void => {
    if (port !== undefined) return;
    if (ts.isNumericLiteral(n) || (ts.isStringLiteral(n) && /^\d+$/.test(n.text))) {
      const value = Number(n.text);
      if (value >= 80 && value <= 65535) port = value; // not a radix, not a boolean-ish 0/1
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return port;
}

/** Nest: `@Controller('p')` classes with `@Get('q')` methods, `@Module({ controllers, imports })`. */
function nestClasses(file: ScriptFile, bindings: ModuleBindings, isPackage: (m: string) => boolean, routers: RouterSite[], routes: RouteSite[], includes: IncludeSite[]): void {
  const { source } = file;
  for (const cls of file.nodes<ts.ClassDeclaration>(ts.SyntaxKind.ClassDeclaration)) {
    if (!cls.name) continue;
    const name = cls.name.text;
    for (const decorator of ts.getDecorators(cls) ?? []) {
      const call = decorator.expression;
      if (!ts.isCallExpression(call)) continue;
      const ref = qualifyScript(call.expression, bindings);
      if (ref?.module !== '@nestjs/common') continue;
      const kind = ref.path.join('.');
      const arg = call.arguments[0] && unwrap(call.arguments[0]);
      if (kind === 'Controller') {
        const raw = arg && ts.isObjectLiteralExpression(arg) ? stringValue(propertyValue(arg, 'path')) : stringValue(arg);
        const prefix = nestPath(raw ?? '');
        routers.push({ variable: name, framework: 'nest', prefix, range: scriptRange(source, decorator) });
        for (const member of cls.members) {
          if (!ts.isMethodDeclaration(member)) continue;
          for (const d of ts.getDecorators(member) ?? []) {
            const route = d.expression;
            if (!ts.isCallExpression(route)) continue;
            const r = qualifyScript(route.expression, bindings);
            if (r?.module !== '@nestjs/common' || !NEST_ROUTES.has(r.path.join('.'))) continue;
            const first = route.arguments[0] && unwrap(route.arguments[0]);
            const value = first && ts.isArrayLiteralExpression(first) ? stringValue(first.elements[0]) : stringValue(first);
            if (first && value === undefined) continue; // a computed path: unknown
            const path = nestPath(value ?? '');
            routes.push({ path: joinPaths(prefix, path), rawPath: path, owner: name, range: scriptRange(source, d), handler: member.body && bodyKind(member.body) });
          }
        }
      } else if (kind === 'Module' && arg && ts.isObjectLiteralExpression(arg)) {
        routers.push({ variable: name, framework: 'nest', prefix: '', range: scriptRange(source, decorator), nestModule: controllerInsertion(file, arg) });
        for (const key of ['controllers', 'imports']) {
          const list = propertyValue(arg, key);
          if (!list || !ts.isArrayLiteralExpression(list)) continue;
          for (const el of list.elements) {
            const target = moduleElement(el);
            if (!target) continue;
            const bound = bindings.get(target);
            if (bound && isPackage(bound.module)) continue; // TypeOrmModule, ConfigModule, TerminusModule: no routes of the app's
            includes.push({ owner: name, target, optional: key === 'imports', range: scriptRange(source, el) });
          }
        }
      }
    }
  }
}

/** Where a controller is added to a `@Module({...})`: after the last of `controllers: [...]`, or a new property. */
function controllerInsertion(file: ScriptFile, obj: ts.ObjectLiteralExpression): RouterSite['nestModule'] {
  const { source } = file;
  const pos = (offset: number) => source.getLineAndCharacterOfPosition(offset);
  const list = propertyValue(obj, 'controllers');
  let at: number, before = '', after = '';
  if (list && ts.isArrayLiteralExpression(list)) {
    const last = list.elements[list.elements.length - 1];
    at = last ? last.getEnd() : list.getStart(source) + 1;
    if (last) before = ', ';
  } else if (obj.properties.length > 0) {
    // before the first property, separated from it as the first is from the brace: `{\n  imports` → `\n  `
    const first = obj.properties[0].getStart(source);
    at = first;
    after = `,${source.text.slice(obj.getStart(source) + 1, first) || ' '}`;
    before = 'controllers: [';
    after = `]${after}`;
  } else {
    at = obj.getStart(source) + 1;
    before = ' controllers: [';
    after = '] ';
  }
  return { at: pos(at), before, after, importLine: importLine(source), style: scriptStyle(file), eol: file.lines.eol };
}

/** The line new imports go on: after the leading block of imports/requires (directives included). */
function importLine(source: ts.SourceFile): number {
  const lastImport = lastLeadingImport(source);
  return lastImport ? source.getLineAndCharacterOfPosition(lastImport.getEnd()).line + 1 : 0;
}

/** `HealthModule`, `forwardRef(() => HealthModule)`; dynamic modules (`X.forRoot()`) are packages' and skipped. */
function moduleElement(el: ts.Expression): string | undefined {
  const e = unwrap(el);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'forwardRef') {
    const fn = e.arguments[0];
    if (fn && ts.isArrowFunction(fn) && ts.isIdentifier(fn.body)) return fn.body.text;
  }
  return undefined;
}

/** Nest writes paths without the leading slash: 'health' → '/health', '' stays ''. */
function nestPath(p: string): string {
  const trimmed = p.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

function localImports(bindings: ModuleBindings, isPackage: (m: string) => boolean): Record<string, { module: string; name: string }> {
  const out: Record<string, { module: string; name: string }> = {};
  for (const [local, ref] of bindings) {
    if (!isPackage(ref.module)) out[local] = { module: ref.module, name: ref.path.length ? ref.path.join('.') : 'default' };
  }
  return out;
}

/** What the module exports, ESM and CommonJS: exported name → local name (or a re-export). */
function moduleExports(source: ts.SourceFile): Record<string, string> {
  const out: Record<string, string> = {};
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  const valueName = (e: ts.Expression): string | undefined => {
    const v = unwrap(e);
    if (ts.isIdentifier(v)) return v.text;
    if (ts.isArrowFunction(v) || ts.isFunctionExpression(v)) return functionName(v);
    if (ts.isCallExpression(v)) { // `export default fp(plugin)`
      const inner = v.arguments[0] && unwrap(v.arguments[0]);
      if (inner && ts.isIdentifier(inner)) return inner.text;
      if (inner && (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))) return functionName(inner);
    }
    return undefined;
  };
  for (const stmt of source.statements) {
    if (ts.isVariableStatement(stmt) && exported(stmt)) {
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name)) out[d.name.text] = d.name.text;
    } else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) && exported(stmt)) {
      const name = ts.isFunctionDeclaration(stmt) ? functionName(stmt) : stmt.name?.text ?? 'default';
      out[isDefault(stmt) ? 'default' : name] = name;
    } else if (ts.isExportAssignment(stmt)) {
      const name = valueName(stmt.expression);
      if (name) out.default = name;
    } else if (ts.isExportDeclaration(stmt) && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      const from = stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      for (const e of stmt.exportClause.elements) {
        const local = (e.propertyName ?? e.name).text;
        out[e.name.text] = from ? `@module:${from}#${local}` : local;
      }
    } else if (ts.isExpressionStatement(stmt) && ts.isBinaryExpression(stmt.expression) && stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = dottedName(stmt.expression.left);
      const right = unwrap(stmt.expression.right);
      if (left === 'module.exports' && ts.isObjectLiteralExpression(right)) {
        for (const p of right.properties) {
          if (ts.isShorthandPropertyAssignment(p)) out[p.name.text] = p.name.text;
          else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) { const v = valueName(p.initializer); if (v) out[p.name.text] = v; }
        }
      } else if (left === 'module.exports') {
        const v = valueName(right);
        if (v) out.default = v;
      } else {
        const named = /^(?:module\.)?exports\.(\w+)$/.exec(left ?? '');
        const v = named && valueName(right);
        if (named && v) out[named[1]] = v;
      }
    }
  }
  return out;
}

/** Functions that build and return one of the file's routers: `function healthRouter() { const r = Router(); …; return r; }`. */
function routerFactories(source: ts.SourceFile, routerNames: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const stmt of source.statements) {
    const decl = ts.isFunctionDeclaration(stmt) ? stmt : undefined;
    if (!decl?.name || !decl.body) continue;
    const ret = decl.body.statements.find(ts.isReturnStatement);
    const value = ret?.expression && unwrap(ret.expression);
    if (value && ts.isIdentifier(value) && routerNames.has(value.text)) out[decl.name.text] = value.text;
  }
  return out;
}
