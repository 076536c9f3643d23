// The health modules the missing-health-route fix creates: one per framework, written in the style of the
// app's own module (ESM or CommonJS, TypeScript or JavaScript, quotes, semicolons, indentation).
import type { ScriptStyle } from '../../project/summary';

export const FASTAPI_MODULE = `"""Liveness and readiness endpoints for orchestrators and load balancers."""
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

export const FLASK_MODULE = `"""Liveness and readiness endpoints for orchestrators and load balancers."""
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


/** Express: a Router serving both routes, exported as `healthRouter`. */
export function expressHealthModule(style: ScriptStyle): string {
  return styled(style, [
    '// Liveness and readiness endpoints for orchestrators and load balancers.',
    style.esm ? "import { Router } from 'express';" : "const { Router } = require('express');",
    '',
    `${style.esm ? 'export ' : ''}const healthRouter = Router();`,
    '',
    '// Liveness: the process is up and serving requests. Keep it free of dependency checks.',
    "healthRouter.get('/health/live', (_req, res) => {",
    "  res.json({ status: 'ok' });",
    '});',
    '',
    '// Readiness: extend with checks of what this service needs (database, cache) and answer 503 when one fails.',
    "healthRouter.get('/health/ready', (_req, res) => {",
    "  res.json({ status: 'ready' });",
    '});',
    ...(style.esm ? [] : ['', 'module.exports = { healthRouter };']),
  ]);
}

/** Fastify: a plugin registering both routes, exported as `healthRoutes`. */
export function fastifyHealthModule(style: ScriptStyle): string {
  const types = style.typescript;
  return styled(style, [
    '// Liveness and readiness endpoints for orchestrators and load balancers.',
    ...(types ? ["import type { FastifyInstance } from 'fastify';", ''] : []),
    `${style.esm ? 'export ' : ''}async function healthRoutes(app${types ? ': FastifyInstance' : ''})${types ? ': Promise<void>' : ''} {`,
    '  // Liveness: the process is up and serving requests. Keep it free of dependency checks.',
    "  app.get('/health/live', async () => ({ status: 'ok' }));",
    '  // Readiness: extend with checks of what this service needs (database, cache) and answer 503 when one fails.',
    "  app.get('/health/ready', async () => ({ status: 'ready' }));",
    '}',
    ...(style.esm ? [] : ['', 'module.exports = { healthRoutes };']),
  ]);
}

/** NestJS: a controller serving both routes. */
export function nestHealthController(style: ScriptStyle): string {
  return styled(style, [
    "import { Controller, Get } from '@nestjs/common';",
    '',
    '/** Liveness and readiness endpoints for orchestrators and load balancers. */',
    "@Controller('health')",
    'export class HealthController {',
    '  /** Liveness: the process is up and serving requests. Keep it free of dependency checks. */',
    "  @Get('live')",
    '  live() {',
    "    return { status: 'ok' };",
    '  }',
    '',
    '  /** Readiness: extend with checks of what this service needs (database, cache); throw a ServiceUnavailableException when one fails. */',
    "  @Get('ready')",
    '  ready() {',
    "    return { status: 'ready' };",
    '  }',
    '}',
  ]);
}

/** Templates are written with single quotes, semicolons and two-space indents; adapt them to the file's style. */
export function styled(style: ScriptStyle, lines: string[]): string {
  return lines.map((line) => {
    let out = line.replace(/^((?: {2})+)/, (m) => style.indent.repeat(m.length / 2));
    if (style.quote === '"' && !/^\s*(\/\/|\/\*\*)/.test(out)) out = out.replace(/'/g, '"');
    if (!style.semicolon) out = out.replace(/;$/, '');
    return out;
  }).join('\n') + '\n';
}
