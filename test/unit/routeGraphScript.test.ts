// The route graph of TS/JS services: Express routers mounted with prefixes across modules, Fastify
// plugins registered with `{ prefix }`, Nest modules/controllers with a global prefix; what counts as a
// route and what does not (HTTP clients, middleware); imports, re-exports and CommonJS followed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { indexOf, ready } from './harness';
import { buildRouteGraph } from '../../server/src/engine/project/routeGraph';

before(ready);

const EXPRESS_PKG = JSON.stringify({ dependencies: { express: '^4.19.0', axios: '^1.7.0' } });

function served(files: Record<string, string>): { apps: string[]; paths: string[]; unresolved: number; orphans: string[] } {
  const index = indexOf('/p', new Map(Object.entries(files).map(([f, t]) => [`/p/${f}`, t])));
  const graph = buildRouteGraph(index.model());
  return {
    apps: graph.apps.map((a) => `${a.app.framework}:${a.app.variable}`),
    paths: graph.apps.flatMap((a) => a.routes.map((r) => r.path)).sort(),
    unresolved: graph.apps.reduce((n, a) => n + a.unresolved.length, 0),
    orphans: graph.orphans.map((r) => r.path).sort(),
  };
}

test('Express: a router imported from another module and mounted with a prefix serves under it', () => {
  const g = served({
    'package.json': EXPRESS_PKG,
    'src/server.ts': "import express from 'express';\nimport { notifications } from './routes/notifications';\nimport health from './routes/health';\n\nconst app = express();\napp.use(express.json());\napp.use('/api', notifications);\napp.use(health);\napp.get('/', (req, res) => res.send('ok'));\napp.listen(3000);\n",
    'src/routes/notifications.ts': "import { Router } from 'express';\nexport const notifications = Router();\nnotifications.post('/orders/:id/notify', (req, res) => res.sendStatus(202));\n",
    'src/routes/health.ts': "import express from 'express';\nconst router = express.Router();\nrouter.get('/healthz', (_req, res) => res.json({ ok: true }));\nrouter.route('/readyz').get((_req, res) => res.json({ ok: true }));\nexport default router;\n",
  });
  assert.deepEqual(g.apps, ['express:app']);
  assert.deepEqual(g.paths, ['/', '/api/orders/:id/notify', '/healthz', '/readyz']);
  assert.equal(g.unresolved, 0, 'express.json() is middleware, not a gap in the graph');
  assert.deepEqual(g.orphans, []);
});

test('Express, CommonJS: require()d routers, module.exports objects, nested prefixes and a router factory', () => {
  const g = served({
    'package.json': EXPRESS_PKG,
    'app.js': "const express = require('express');\nconst api = require('./api');\nconst { requestLogger } = require('./middleware');\nconst app = express();\napp.use(requestLogger);\napp.use('/v1', api.router);\napp.use('/ops', require('./ops'));\nmodule.exports = app;\n",
    'api.js': "const { Router } = require('express');\nconst router = Router();\nrouter.use('/users', usersRouter());\nrouter.get('/status', (req, res) => res.json({}));\nfunction usersRouter() {\n  const r = Router();\n  r.get('/:id', (req, res) => res.json({}));\n  return r;\n}\nmodule.exports = { router };\n",
    'ops.js': "const express = require('express');\nconst ops = express.Router();\nops.get('/health/live', (req, res) => res.sendStatus(200));\nmodule.exports = ops;\n",
    'middleware.js': "exports.requestLogger = (req, res, next) => next();\n",
  });
  assert.deepEqual(g.paths, ['/ops/health/live', '/v1/status', '/v1/users/:id']);
  assert.equal(g.unresolved, 0);
});

test('HTTP clients and supertest calls are not routes; a router defined but never mounted is an orphan', () => {
  const g = served({
    'package.json': EXPRESS_PKG,
    'server.ts': "import express from 'express';\nimport axios from 'axios';\nconst client = axios.create({ timeout: 1000 });\nconst app = express();\napp.get('/orders', async (_req, res) => { res.json(await client.get('/health', { timeout: 500 })); });\nexport { app };\n",
    'health.ts': "import { Router } from 'express';\nexport const health = Router();\nhealth.get('/health', (_req, res) => res.send('ok'));\n",
    'server.test.ts': "import request from 'supertest';\nimport { app } from './server';\ntest('h', () => request(app).get('/health').expect(200));\n",
  });
  assert.deepEqual(g.paths, ['/orders']);
  assert.deepEqual(g.orphans, ['/health']);
});

test('Fastify: plugins registered with a prefix (named, default-exported, fastify-plugin wrapped, inline)', () => {
  const g = served({
    'package.json': JSON.stringify({ dependencies: { fastify: '^4.28.0', 'fastify-plugin': '^4.5.0', '@fastify/cors': '^9.0.0' } }),
    'src/app.ts': "import Fastify from 'fastify';\nimport cors from '@fastify/cors';\nimport healthRoutes from './health';\nimport { orderRoutes } from './orders';\n\nexport function buildApp() {\n  const app = Fastify({ logger: true });\n  app.register(cors, { origin: ['https://shop.example'] });\n  app.register(healthRoutes, { prefix: '/health' });\n  app.register(orderRoutes, { prefix: '/api/orders' });\n  app.register(async (admin) => {\n    admin.get('/stats', async () => ({}));\n  }, { prefix: '/admin' });\n  return app;\n}\n",
    'src/health.ts': "import fp from 'fastify-plugin';\nimport type { FastifyInstance } from 'fastify';\nexport default fp(async (fastify: FastifyInstance) => {\n  fastify.get('/live', async () => ({ status: 'ok' }));\n  fastify.route({ method: 'GET', url: '/ready', handler: async () => ({ status: 'ready' }) });\n});\n",
    'src/orders.ts': "import type { FastifyInstance } from 'fastify';\nexport async function orderRoutes(app: FastifyInstance) {\n  app.get('/:id', async () => ({}));\n}\n",
  });
  assert.deepEqual(g.apps, ['fastify:app']);
  assert.deepEqual(g.paths, ['/admin/stats', '/api/orders/:id', '/health/live', '/health/ready']);
  assert.equal(g.unresolved, 0);
});

test('NestJS: controllers reached through @Module imports, controller and route paths, setGlobalPrefix', () => {
  const nest = "import { Controller, Get, Post } from '@nestjs/common';\n";
  const g = served({
    'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0', '@nestjs/config': '^3.0.0' } }),
    'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api');\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n",
    'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { ConfigModule } from '@nestjs/config';\nimport { HealthModule } from './health/health.module';\nimport { OrdersController } from './orders.controller';\n@Module({ imports: [ConfigModule.forRoot(), HealthModule], controllers: [OrdersController] })\nexport class AppModule {}\n",
    'src/orders.controller.ts': `${nest}@Controller('orders')\nexport class OrdersController {\n  @Get(':id') one() { return {}; }\n  @Post() create() { return {}; }\n}\n`,
    'src/health/health.module.ts': "import { Module } from '@nestjs/common';\nimport { HealthController } from './health.controller';\n@Module({ controllers: [HealthController] })\nexport class HealthModule {}\n",
    'src/health/health.controller.ts': `${nest}@Controller({ path: 'health' })\nexport class HealthController {\n  @Get() check() { return { ok: true }; }\n  @Get('ready') ready() { return { ok: true }; }\n}\n`,
  });
  assert.deepEqual(g.apps, ['nest:app']);
  assert.deepEqual(g.paths, ['/api/health', '/api/health/ready', '/api/orders', '/api/orders/:id']);
  assert.equal(g.unresolved, 0);
});

test('re-exports through an index file and ESM `.js` specifiers reach the TypeScript source', () => {
  const g = served({
    'package.json': EXPRESS_PKG,
    'src/server.ts': "import express from 'express';\nimport { healthRouter } from './routes/index.js';\nconst app = express();\napp.use('/internal', healthRouter);\n",
    'src/routes/index.ts': "export { healthRouter } from './health.js';\n",
    'src/routes/health.ts': "import { Router } from 'express';\nexport const healthRouter = Router();\nhealthRouter.get('/health', (_req, res) => res.send('ok'));\n",
  });
  assert.deepEqual(g.paths, ['/internal/health']);
});

test('a router from a path alias the project cannot resolve leaves the graph incomplete rather than guessing', () => {
  const g = served({
    'package.json': EXPRESS_PKG,
    'src/server.ts': "import express from 'express';\nimport { health } from '@/routes/health';\nconst app = express();\napp.use(health);\n",
  });
  assert.equal(g.unresolved, 1);
});

test('the listen port is read from literals and literal fallbacks', () => {
  const index = indexOf('/p', new Map([
    ['/p/package.json', EXPRESS_PKG],
    ['/p/a.ts', "import express from 'express';\nconst PORT = Number(process.env.PORT ?? 8080);\nconst app = express();\napp.listen(PORT);\n"],
  ]));
  assert.equal(buildRouteGraph(index.model()).apps[0].app.listenPort, 8080);
});
