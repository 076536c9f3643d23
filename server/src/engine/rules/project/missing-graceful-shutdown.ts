// missing-graceful-shutdown: an Express, Fastify or NestJS app in a package where nothing handles
// SIGTERM. Node exits at once on SIGTERM, so every deploy, scale-down or node drain cuts off the requests
// in flight. Any file of the app's package may hold the handler (it often sits in main.ts, not app.ts).
import path from 'node:path';
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import type { ProjectModel } from '../../project/model';
import { appKey, buildRouteGraph } from '../../project/routeGraph';
import { isPythonApp, type AppSite } from '../../project/summary';
import { isScriptFile } from '../../parse/script';
import { styled } from './healthTemplates';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'missing-graceful-shutdown',
  family: 'hardening',
  category: 'Resilience',
  defaultSeverity: 'warning',
  languages: ['typescript', 'javascript'],
  summary: 'A Node service that does not handle SIGTERM drops the requests in flight on every deploy and scale-down.',
  fixSafety: 'unsafe',
};

const KIND: Record<string, string> = { express: 'Express', fastify: 'Fastify', nest: 'NestJS' };

function check(model: ProjectModel): Finding[] {
  const graph = buildRouteGraph(model);
  const findings: Finding[] = [];
  for (const { file, app } of graph.apps) {
    if (isPythonApp(app) || graph.mounted.has(appKey(file, app))) continue;
    if (shutdownIn(model, file)) continue;
    findings.push({
      rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: app.range,
      message: `Nothing in this ${KIND[app.framework] ?? 'Node'} service handles SIGTERM: Node exits at once, so every deploy, scale-down or node drain `
        + 'cuts off the requests in flight. On SIGTERM, stop accepting connections, let the open requests finish, then exit.',
      fixes: shutdownFix(file, app),
    });
  }
  return findings;
}

/** How the app's package (the nearest folder with a package.json, else the project) handles shutdown, if it does. */
export function shutdownIn(model: ProjectModel, appFile: string): string | undefined {
  const root = packageRoot(model, appFile);
  return handlersOf(model).find((h) => h.file.startsWith(root + path.sep))?.how;
}

const handlers = new WeakMap<ProjectModel, { file: string; how: string }[]>();

/** The files that handle shutdown (few), found once per model. */
function handlersOf(model: ProjectModel): { file: string; how: string }[] {
  let found = handlers.get(model);
  if (!found) {
    found = model.summaries.filter((e) => e.summary.shutdown && isScriptFile(e.file)).map((e) => ({ file: e.file, how: e.summary.shutdown! }));
    handlers.set(model, found);
  }
  return found;
}

function packageRoot(model: ProjectModel, file: string): string {
  for (let dir = path.dirname(file); dir.startsWith(model.root); dir = path.dirname(dir)) {
    if (model.files.has(path.join(dir, 'package.json'))) return dir;
    if (dir === model.root || path.dirname(dir) === dir) break;
  }
  return model.root;
}

function shutdownFix(file: string, app: AppSite): Fix[] {
  const style = app.script;
  if (!style || !app.variable) return [];
  const eol = app.eol;
  const block = (indent: string, lines: string[]) =>
    styled(style, lines).trimEnd().split('\n').map((l) => `${eol}${l ? indent + l : ''}`).join('');
  const at = (line: number, character: number) => ({ line, character });
  let edits: TextEdit[];
  let title: string;
  if (app.framework === 'nest') {
    // Nest then closes the app (and the HTTP server, after its open requests) on SIGTERM
    if (app.statementEndsFile) return []; // a bootstrap that never listens: nothing to close
    const line = app.indent + styled(style, [`${app.variable}.enableShutdownHooks();`]).replace(/\n$/, eol);
    edits = [{ range: { start: at(app.statementEndLine + 1, 0), end: at(app.statementEndLine + 1, 0) }, newText: line }];
    title = 'Call `app.enableShutdownHooks()` so Nest closes the server gracefully on SIGTERM';
  } else {
    const site = app.listenSite;
    if (!site) return []; // listens in another module: the handler belongs next to that call
    const server = app.framework === 'fastify' ? app.variable : site.server ?? site.bind?.name;
    if (!server) return [];
    const close = app.framework === 'fastify'
      ? [`    ${server}.close().then(() => process.exit(0), () => process.exit(1));`]
      : [`    ${server}.close(() => process.exit(0));`, '    setTimeout(() => process.exit(1), 10_000).unref();'];
    const handler = block(site.indent, [
      "for (const signal of ['SIGINT', 'SIGTERM']) {",
      '  process.once(signal, () => {',
      '    // stop taking connections, let the requests in flight finish, then exit',
      ...close,
      '  });',
      '}',
    ]);
    edits = [{ range: { start: site.end, end: site.end }, newText: handler }];
    if (app.framework === 'express' && !site.server) edits.unshift({ range: { start: site.bind!.at, end: site.bind!.at }, newText: `const ${server} = ` });
    title = app.framework === 'fastify' ? 'Close the app on SIGTERM (`app.close()` waits for the requests in flight)'
      : 'Close the server on SIGTERM (`server.close()` waits for the requests in flight; exit after 10 s at the latest)';
  }
  return [{ title, safety: 'unsafe', preferred: true, edits: [{ file, edits }] }];
}

export const missingGracefulShutdown: ProjectRule = { meta, check };
