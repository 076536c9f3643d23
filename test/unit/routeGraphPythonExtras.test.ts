// The route graph beyond plain FastAPI and Flask. Flask's REST extensions: flask-restx namespaces (own path,
// `add_namespace(path=)`, `api.namespace()`, an Api made without its app and attached by `init_app`),
// flask-smorest blueprints registered on the Api, flask-restful `add_resource`; `db.init_app(app)` leaves the
// graph complete. Starlette route tables: `Route`, nested `Mount(…, routes=[…])`, tables in other modules.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, indexOf, projectInputs, ready, stripMarkers } from './harness';
import { buildRouteGraph } from '../../server/src/engine/project/routeGraph';

before(ready);

function graphOf(name: string) {
  const dir = path.join(FIXTURES, 'rules', 'missing-health-route', name);
  const texts = new Map(projectInputs(dir).map((f) => [f, stripMarkers(fs.readFileSync(f, 'utf8'))]));
  const graph = buildRouteGraph(indexOf(dir, texts).model());
  return { apps: graph.apps.map((a) => ({ routes: a.routes.map((r) => r.path).sort(), unresolved: a.unresolved.length })), orphans: graph.orphans.map((o) => o.path) };
}

test('flask-restx: Api(prefix=) + add_namespace(ns, path=) overrides the namespace path; a namespace without path is /<name>', () => {
  assert.deepEqual(graphOf('flask-restx-namespace'), { apps: [{ routes: ['/api/health/live', '/api/orders/<int:order_id>'], unresolved: 0 }], orphans: [] });
});

test('flask-restx: api.namespace(path=) on an Api attached with init_app in the app factory; db.init_app is no gap', () => {
  assert.deepEqual(graphOf('flask-restx-init-app'), { apps: [{ routes: ['/healthz'], unresolved: 0 }], orphans: [] });
});

test('flask-smorest: a Blueprint registered on the Api keeps its url_prefix', () => {
  assert.deepEqual(graphOf('flask-smorest'), { apps: [{ routes: ['/health/ready'], unresolved: 0 }], orphans: [] });
});

test('flask-restful: add_resource(Resource, path)', () => {
  assert.deepEqual(graphOf('flask-restful'), { apps: [{ routes: ['/healthz'], unresolved: 0 }], orphans: [] });
});

test('Starlette: Route and Mount(routes=[…]) in the app\'s route table', () => {
  assert.deepEqual(graphOf('starlette-routes'), { apps: [{ routes: ['/internal/healthz', '/orders'], unresolved: 0 }], orphans: [] });
});

test('Starlette: a route table from another module, mounted with a prefix', () => {
  assert.deepEqual(graphOf('starlette-mounted-table'), { apps: [{ routes: ['/ops/readyz'], unresolved: 0 }], orphans: [] });
});

test('Starlette: routes=<a table of the same module>', () => {
  assert.deepEqual(graphOf('starlette-missing'), { apps: [{ routes: ['/'], unresolved: 0 }], orphans: [] });
});
