// missing-health-route: a FastAPI or Flask app that serves no liveness/readiness route, following its
// routers across modules (a health router defined but never included does not count).
// Reported on the app's construction; the fix creates a health module and wires it into the app.
import path from 'node:path';
import type { Finding, Fix, RuleMeta } from '../../types';
import { isHealthPath, type ProjectModel } from '../../project/model';
import { appKey, buildRouteGraph } from '../../project/routeGraph';
import type { AppSite } from '../../project/summary';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'missing-health-route',
  family: 'health',
  category: 'Health & probes',
  defaultSeverity: 'warning',
  languages: ['python'],
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
    const kind = app.framework === 'fastapi' ? 'FastAPI' : 'Flask';
    const orphan = orphanHealth[0];
    const message = orphan
      ? `This ${kind} app serves no health route: \`${orphan.path}\` is defined in ${relative(model.root, orphan.file)}:${orphan.range.start.line + 1} but never included in this app, so probes get 404.`
      : `This ${kind} app has no health route (/health, /healthz, /livez, /readyz, …): orchestrators and load balancers cannot tell whether it is alive or ready.`;
    findings.push({
      rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: app.range, message,
      fixes: app.variable && !orphan ? [addHealthModule(model, file, app)] : [],
    });
  }
  return findings;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function addHealthModule(model: ProjectModel, appFile: string, app: AppSite): Fix {
  const dir = path.dirname(appFile);
  const moduleName = ['health', 'health_routes', 'healthchecks'].find((n) => !model.files.has(path.join(dir, `${n}.py`)))!;
  const modulePath = path.join(dir, `${moduleName}.py`);
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
        newText: fastapi ? FASTAPI_MODULE : FLASK_MODULE }] },
      { file: appFile, edits: [
        { range: { start: importAt, end: importAt }, newText: `${importLine} ${fastapi ? 'router' : 'blueprint'} as ${local}${eol}` },
        { range: { start: after, end: after }, newText: `${app.statementEndsFile ? eol : ''}${app.indent}${wire}${eol}` },
      ] },
    ],
  };
}

const FASTAPI_MODULE = `"""Liveness and readiness endpoints for orchestrators and load balancers."""
from fastapi import APIRouter

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
async def live() -> dict:
    """Liveness: the process is up and serving requests. Keep it free of dependency checks."""
    return {"status": "ok"}


@router.get("/ready")
async def ready() -> dict:
    """Readiness: extend with checks of what this service needs (database, cache) and fail with 503."""
    return {"status": "ready"}
`;

const FLASK_MODULE = `"""Liveness and readiness endpoints for orchestrators and load balancers."""
from flask import Blueprint

blueprint = Blueprint("health", __name__, url_prefix="/health")


@blueprint.get("/live")
def live():
    """Liveness: the process is up and serving requests. Keep it free of dependency checks."""
    return {"status": "ok"}


@blueprint.get("/ready")
def ready():
    """Readiness: extend with checks of what this service needs (database, cache) and fail with 503."""
    return {"status": "ready"}
`;

export const missingHealthRoute: ProjectRule = { meta, check };
