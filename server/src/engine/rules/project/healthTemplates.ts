// The health modules the missing-health-route fix creates: one per framework, written in the style of the
// app's own module (ESM or CommonJS, TypeScript or JavaScript, quotes, semicolons, indentation).
import type { ScriptStyle } from '../../project/summary';

/** A SQLAlchemy engine the readiness route pings: where to import it from, its name, whether it is async. */
export interface EngineRef { module: string; variable: string; async: boolean }

const PY_DOC = '"""Liveness and readiness endpoints for orchestrators and load balancers."""';
const LIVE_DOC = '"""Liveness: the process is up and serving requests. Keep it free of dependency checks."""';

export function fastapiHealthModule(engine?: EngineRef): string {
  const imports = engine
    ? ['from fastapi import APIRouter, HTTPException', 'from sqlalchemy import text', 'from sqlalchemy.exc import SQLAlchemyError', '', `from ${engine.module} import ${engine.variable}`]
    : ['from fastapi import APIRouter'];
  const a = engine?.async ? 'async ' : '';
  const aw = engine?.async ? 'await ' : '';
  const ready = engine ? [
    `${a}def ready() -> dict:`,
    '    """Readiness: the database answers. Add the other dependencies this service needs (cache, queues)."""',
    '    try:',
    `        ${a}with ${engine.variable}.connect() as connection:`,
    `            ${aw}connection.execute(text("SELECT 1"))`,
    '    except SQLAlchemyError as error:',
    '        raise HTTPException(status_code=503, detail="database unavailable") from error',
    '    return {"status": "ready"}',
  ] : [
    'async def ready() -> dict:',
    '    """Readiness: extend with checks of what this service needs (database, cache) and fail with 503."""',
    '    return {"status": "ready"}',
  ];
  return [PY_DOC, ...imports, '', 'router = APIRouter(prefix="/health", tags=["health"])', '', '',
    '@router.get("/live")', 'async def live() -> dict:', `    ${LIVE_DOC}`, '    return {"status": "ok"}', '', '',
    '@router.get("/ready")', ...ready, ''].join('\n');
}

export function flaskHealthModule(engine?: EngineRef): string {
  const imports = engine
    ? ['from flask import Blueprint, current_app', 'from sqlalchemy import text', 'from sqlalchemy.exc import SQLAlchemyError', '', `from ${engine.module} import ${engine.variable}`]
    : ['from flask import Blueprint'];
  const ready = engine ? [
    'def ready():',
    '    """Readiness: the database answers. Add the other dependencies this service needs (cache, queues)."""',
    '    try:',
    `        with ${engine.variable}.connect() as connection:`,
    '            connection.execute(text("SELECT 1"))',
    '    except SQLAlchemyError:',
    '        current_app.logger.warning("Readiness check failed: database unavailable", exc_info=True)',
    '        return {"status": "unavailable"}, 503',
    '    return {"status": "ready"}',
  ] : [
    'def ready():',
    '    """Readiness: extend with checks of what this service needs (database, cache) and fail with 503."""',
    '    return {"status": "ready"}',
  ];
  return [PY_DOC, ...imports, '', 'blueprint = Blueprint("health", __name__, url_prefix="/health")', '', '',
    '@blueprint.get("/live")', 'def live():', `    ${LIVE_DOC}`, '    return {"status": "ok"}', '', '',
    '@blueprint.get("/ready")', ...ready, ''].join('\n');
}

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
