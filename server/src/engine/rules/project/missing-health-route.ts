// missing-health-route: a FastAPI, Flask, Express, Fastify or NestJS app that serves no liveness/readiness
// route, following its routers across modules (a health router defined but never included does not count).
// Reported on the app's construction; the fix creates a health module and wires it into the app.
import path from 'node:path';
import type { Finding, Fix, RuleMeta } from '../../types';
import { isHealthPath, type ProjectModel } from '../../project/model';
import { appKey, buildRouteGraph, moduleName } from '../../project/routeGraph';
import { isPythonApp, type AppSite, type ScriptStyle } from '../../project/summary';
import { fastapiHealthModule, flaskHealthModule, expressHealthModule, type EngineRef, fastifyHealthModule, nestHealthController } from './healthTemplates';
import { resolveScriptTarget } from '../../project/scriptResolve';
import { lazyFixes, type ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'missing-health-route',
  family: 'health',
  category: 'Health & probes',
  defaultSeverity: 'warning',
  languages: ['python', 'typescript', 'javascript'],
  summary: 'A web app without a liveness or readiness route cannot be probed by Kubernetes, Docker or a load balancer.',
  fixSafety: 'unsafe',
};

function check(model: ProjectModel): Finding[] {
  const graph = buildRouteGraph(model);
  const orphanHealth = graph.orphans.filter((r) => isHealthPath(r.path));
  const findings: Finding[] = [];
  for (const { file, app, routes, unresolved } of graph.apps) {
    if (graph.mounted.has(appKey(file, app))) continue; // judged as part of the app it is mounted into
    if (routes.some((r) => isHealthPath(r.path))) continue;
    // An include we cannot follow may bring the health route: stay quiet rather than guess.
    if (unresolved.length > 0 && orphanHealth.length > 0) continue;
    const kind = FRAMEWORK_NAMES[app.framework];
    const orphan = orphanHealth[0];
    const message = orphan
      ? `This ${kind} app serves no health route: \`${orphan.path}\` is defined in ${relative(model.root, orphan.file)}:${orphan.range.start.line + 1} but never included in this app, so probes get 404.`
      : `This ${kind} app has no health route (/health, /healthz, /livez, /readyz, …): orchestrators and load balancers cannot tell whether it is alive or ready.`;
    findings.push(lazyFixes({ rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: app.range, message },
      () => (orphan ? [] : healthModuleFix(model, file, app))));
  }
  return findings;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The project's SQLAlchemy engine, importable from a module next to `appFile` in the app's import style. */
function projectEngine(model: ProjectModel, appFile: string, style: string, asyncAllowed: boolean): EngineRef | undefined {
  const candidates = enginesOf(model).filter((g) => asyncAllowed || !g.async);
  // the nearest one: the most folders in common with the app's module (its own service in a monorepo), then the shallowest
  const appDirs = path.dirname(appFile).split(path.sep);
  const common = (dirs: string[]) => { let n = 0; while (n < dirs.length && dirs[n] === appDirs[n]) n++; return n; };
  let near: (typeof candidates)[number] | undefined;
  let best = { common: -1, depth: Infinity };
  for (const g of candidates) {
    const c = common(g.dirs);
    if (c > best.common || (c === best.common && g.dirs.length < best.depth)) { near = g; best = { common: c, depth: g.dirs.length }; }
  }
  if (!near) return undefined;
  const rel = path.relative(path.dirname(appFile), near.file).replace(/\.pyi?$/, '').split(path.sep).filter((p) => p !== '__init__');
  const module = rel.includes('..') ? moduleName(model.root, near.file)
    : style === 'relative' ? `.${rel.join('.')}` : style === 'top-level' ? rel.join('.') : `${style}.${rel.join('.')}`;
  return module && module !== '.' ? { module, variable: near.variable, async: near.async } : undefined;
}

/** The project's engines, listed once per model (an app per service in a monorepo each asks). */
const engines = new WeakMap<ProjectModel, { file: string; dirs: string[]; variable: string; async: boolean }[]>();
function enginesOf(model: ProjectModel): { file: string; dirs: string[]; variable: string; async: boolean }[] {
  let found = engines.get(model);
  if (!found) engines.set(model, (found = model.summaries.flatMap((e) => (e.summary.engines ?? []).map((g) => ({ file: e.file, dirs: path.dirname(e.file).split(path.sep), ...g })))));
  return found;
}

const FRAMEWORK_NAMES: Record<AppSite['framework'], string> = { fastapi: 'FastAPI', flask: 'Flask', starlette: 'Starlette', express: 'Express', fastify: 'Fastify', nest: 'NestJS' };

/** The fix that creates a health module (liveness + readiness) in the app's framework and wires it in. */
export function healthModuleFix(model: ProjectModel, appFile: string, app: AppSite): Fix[] {
  if (!app.variable && app.framework !== 'nest') return []; // Nest wires the controller into the root module instead
  if (app.framework === 'starlette') return []; // its route table may live anywhere: reported, not rewritten
  if (isPythonApp(app)) return [addHealthModule(model, appFile, app)];
  if (app.script && (app.framework === 'express' || app.framework === 'fastify')) return [addScriptHealthModule(model, appFile, app, app.script)];
  if (app.framework === 'nest') return addNestHealthController(model, appFile, app);
  return [];
}

/** Nest: `health.controller.ts` next to the root module, added to its `controllers`. */
function addNestHealthController(model: ProjectModel, appFile: string, app: AppSite): Fix[] {
  const summaries = new Map(model.summaries.map((e) => [e.file, e.summary]));
  const root = summaries.get(appFile)?.includes?.find((i) => i.owner === (app.variable ?? ''));
  const target = root && resolveScriptTarget(appFile, summaries.get(appFile)!, root, summaries);
  if (!target || target === 'not-a-router') return [];
  const mod = summaries.get(target.file)?.routers?.find((r) => r.variable === target.variable)?.nestModule;
  if (!mod) return [];
  const { style, eol } = mod;
  const file = freeModule(model, target.file, ['health.controller', 'health-probes.controller'], style.extension);
  const local = file.name === 'health.controller' ? 'HealthController' : 'HealthProbesController';
  const specifier = `./${file.name}${style.extensionInImports ? '.js' : ''}`;
  const importText = `import { ${local} } from ${style.quote}${specifier}${style.quote}${style.semicolon ? ';' : ''}${eol}`;
  const text = nestHealthController(style).replace(/HealthController/g, local).replace(/\n/g, eol);
  const importAt = { line: mod.importLine, character: 0 };
  return [{
    title: `Add /health/live and /health/ready routes (creates ${path.basename(file.path)} and adds ${local} to ${target.variable})`,
    safety: 'unsafe', preferred: true,
    edits: [
      { file: file.path, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
      { file: target.file, edits: [
        { range: { start: importAt, end: importAt }, newText: importText },
        { range: { start: mod.at, end: mod.at }, newText: `${mod.before}${local}${mod.after}` },
      ] },
    ],
  }];
}

/** A free module name next to `file`: health, health-routes, healthchecks. */
function freeModule(model: ProjectModel, file: string, names: string[], extension: string): { name: string; path: string } {
  const dir = path.dirname(file);
  const taken = (n: string) => model.files.has(path.join(dir, `${n}${extension}`));
  let name = names.find((n) => !taken(n));
  for (let i = 2; !name; i++) if (!taken(`${names[0]}${i}`)) name = `${names[0]}${i}`;
  return { name, path: path.join(dir, `${name}${extension}`) };
}

/** Express: `health.ts` with a Router, `app.use(healthRouter)`; Fastify: a plugin, `app.register(healthRoutes)`. */
function addScriptHealthModule(model: ProjectModel, appFile: string, app: AppSite, style: ScriptStyle): Fix {
  const module = freeModule(model, appFile, ['health', 'health-routes', 'healthchecks'], style.extension);
  const express = app.framework === 'express';
  const local = express ? 'healthRouter' : 'healthRoutes';
  // what the compiled module is imported as: health.ts → ./health.js, health.mts → ./health.mjs
  const specifier = `./${module.name}${style.extensionInImports ? style.extension.replace(/^\.([cm]?)tsx?$/, '.$1js') : ''}`;
  const q = (text: string) => `${style.quote}${text}${style.quote}`;
  const semi = style.semicolon ? ';' : '';
  const eol = app.eol;
  const importText = style.esm ? `import { ${local} } from ${q(specifier)}${semi}` : `const { ${local} } = require(${q(specifier)})${semi}`;
  const wire = `${app.variable}.${express ? 'use' : 'register'}(${local})${semi}`;
  const after = { line: app.statementEndLine + 1, character: 0 };
  const importAt = { line: app.importLine, character: 0 };
  const text = (express ? expressHealthModule(style) : fastifyHealthModule(style)).replace(/\n/g, eol);
  return {
    title: `Add /health/live and /health/ready routes (creates ${path.basename(module.path)} and wires it into \`${app.variable}\`)`,
    safety: 'unsafe', preferred: true,
    edits: [
      { file: module.path, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
      { file: appFile, edits: [
        { range: { start: importAt, end: importAt }, newText: `${importText}${eol}` },
        { range: { start: after, end: after }, newText: `${app.statementEndsFile ? eol : ''}${app.indent}${wire}${eol}` },
      ] },
    ],
  };
}

function addHealthModule(model: ProjectModel, appFile: string, app: AppSite): Fix {
  const { name: moduleName, path: modulePath } = freeModule(model, appFile, ['health', 'health_routes', 'healthchecks'], '.py');
  // an async engine cannot be pinged from Flask's sync views
  const engine = projectEngine(model, appFile, app.siblingImportStyle, app.framework === 'fastapi');
  const importLine = app.siblingImportStyle === 'relative' ? `from .${moduleName} import`
    : app.siblingImportStyle === 'top-level' ? `from ${moduleName} import` : `from ${app.siblingImportStyle}.${moduleName} import`;
  const fastapi = app.framework === 'fastapi';
  const local = fastapi ? 'health_router' : 'health_blueprint';
  const wire = fastapi ? `${app.variable}.include_router(${local})` : `${app.variable}.register_blueprint(${local})`;
  const after = { line: app.statementEndLine + 1, character: 0 };
  const importAt = { line: app.importLine, character: 0 };
  const eol = app.eol;
  return {
    title: `Add /health/live and /health/ready routes (creates ${moduleName}.py and wires it into \`${app.variable}\`)`,
    safety: 'unsafe', preferred: true,
    edits: [
      { file: modulePath, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        newText: fastapi ? fastapiHealthModule(engine) : flaskHealthModule(engine) }] },
      { file: appFile, edits: [
        { range: { start: importAt, end: importAt }, newText: `${importLine} ${fastapi ? 'router' : 'blueprint'} as ${local}${eol}` },
        { range: { start: after, end: after }, newText: `${app.statementEndsFile ? eol : ''}${app.indent}${wire}${eol}` },
      ] },
    ],
  };
}

export const missingHealthRoute: ProjectRule = { meta, check };
