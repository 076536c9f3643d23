// TS/JS hardening rules (cors-wildcard, request-without-timeout): severities the fixtures cannot
// express (credentials, test files), library names resolved through imports only, one shared meta.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ready } from './harness';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config';
import { deriveFacts } from '../../server/src/engine/workspace/facts';
import { corsWildcard } from '../../server/src/engine/rules/python/cors-wildcard';
import { requestWithoutTimeout } from '../../server/src/engine/rules/python/request-without-timeout';
import { corsWildcardScript } from '../../server/src/engine/rules/ts/cors-wildcard';
import { requestWithoutTimeoutScript } from '../../server/src/engine/rules/ts/request-without-timeout';

before(ready);

const analyze = (text: string, file: string, rule: string) =>
  analyzeFile(file, text, { facts: deriveFacts([]), settings: DEFAULT_SETTINGS }).findings.filter((f) => f.rule === rule);
const severities = (text: string, file: string, rule: string) =>
  analyze(text, file, rule).map((f) => `${f.range.start.line + 1}:${f.severity}`);

test('one meta per rule: the TS/JS implementations share the Python rules\' meta object', () => {
  assert.equal(corsWildcardScript.meta, corsWildcard.meta);
  assert.equal(requestWithoutTimeoutScript.meta, requestWithoutTimeout.meta);
  for (const meta of [corsWildcard.meta, requestWithoutTimeout.meta]) assert.deepEqual(meta.languages, ['python', 'typescript', 'javascript']);
});

test('cors-wildcard: an error only when every origin is echoed with credentials', () => {
  const text = [
    "import cors from 'cors';",
    "app.use(cors({ origin: true, credentials: true }));",          // echoes any origin, with cookies
    "app.use(cors({ origin: '*', credentials: true }));",           // browsers refuse `*` with credentials
    "app.use(cors({ origin: true }));",                             // echoes, but no cookies
    "app.use(cors({ origin: (o, cb) => cb(null, o), credentials: true }));",
    "app.use(cors({ credentials: true }));",                        // defaults to `*`
  ].join('\n');
  assert.deepEqual(severities(text, '/p/src/app.ts', 'cors-wildcard'), ['2:error', '3:warning', '4:warning', '5:error', '6:warning']);
  assert.deepEqual(severities(text, '/p/src/app.test.ts', 'cors-wildcard'), ['2:info', '3:info', '4:info', '5:info', '6:info']);
  assert.deepEqual(severities(text, '/p/__tests__/app.js', 'cors-wildcard'), ['2:info', '3:info', '4:info', '5:info', '6:info']);
});

test('cors-wildcard: `cors` is the package only through an import or require', () => {
  const local = "import cors from './middleware/cors';\napp.use(cors());\napp.use(cors({ origin: '*' }));";
  assert.deepEqual(analyze(local, '/p/src/app.ts', 'cors-wildcard'), []);
  const unbound = "app.use(cors());\napp.enableCors();";
  assert.deepEqual(analyze(unbound, '/p/src/app.ts', 'cors-wildcard'), [], 'no import: neither the cors package nor a Nest app');
  const aliased = "import allowAll from 'cors';\napp.use(allowAll());";
  assert.deepEqual(severities(aliased, '/p/src/app.ts', 'cors-wildcard'), ['2:warning']);
  const tsRequire = "import cors = require('cors');\napp.use(cors());";
  assert.deepEqual(severities(tsRequire, '/p/src/app.ts', 'cors-wildcard'), ['2:warning']);
});

test('cors-wildcard: `[\'*\']` means every origin in @fastify/cors only (the cors package compares entries literally)', () => {
  const fastify = "import cors from '@fastify/cors';\nawait app.register(cors, { origin: ['https://a.example', '*'] });";
  assert.deepEqual(severities(fastify, '/p/src/app.ts', 'cors-wildcard'), ['2:warning']);
  const express = "import cors from 'cors';\napp.use(cors({ origin: ['https://a.example', '*'] }));";
  assert.deepEqual(analyze(express, '/p/src/app.ts', 'cors-wildcard'), []);
});

test('cors-wildcard: @koa/cors echoes the caller\'s origin for `*` with credentials (an error), and before 5.0 when `origin` is unset', () => {
  const text = [
    "import cors from '@koa/cors';",
    "app.use(cors({ origin: '*', credentials: true }));",           // `*` + credentials → the request's Origin
    "app.use(cors({ credentials: true }));",                        // the default `*`, the same
    "app.use(cors({ origin: '*' }));",                              // a plain `*`
    "app.use(cors());",
  ].join('\n');
  assert.deepEqual(severities(text, '/p/src/app.ts', 'cors-wildcard'), ['2:error', '3:error', '4:warning', '5:warning']);
  const v4 = deriveFacts([{ rel: 'package.json', text: '{ "dependencies": { "@koa/cors": "4.0.0" } }' }]);
  const messages = analyzeFile('/p/src/app.ts', "import cors from '@koa/cors';\napp.use(cors({ maxAge: 5 }));", { facts: v4, settings: DEFAULT_SETTINGS })
    .findings.filter((f) => f.rule === 'cors-wildcard').map((f) => f.message);
  assert.equal(messages.length, 1);
  assert.match(messages[0], /echoes the caller's origin before @koa\/cors 5/);
});

test('request-without-timeout: axios and got resolved through imports; test files are info', () => {
  const text = "import axios from 'axios';\nimport got from 'got';\nawait axios.get(url);\nawait got.get(url);";
  assert.deepEqual(severities(text, '/p/src/client.ts', 'request-without-timeout'), ['3:warning', '4:warning']);
  assert.deepEqual(severities(text, '/p/src/client.spec.ts', 'request-without-timeout'), ['3:info', '4:info']);
  const lookalikes = "import axios from 'redaxios';\nimport got from './got';\nawait axios.get(url);\nawait got.get(url);";
  assert.deepEqual(analyze(lookalikes, '/p/src/client.ts', 'request-without-timeout'), []);
});

test('request-without-timeout: `axios.defaults.timeout` in the file covers the default instance and new clients', () => {
  const calls = "await axios.get(url);\nexport const api = axios.create({ baseURL: url });";
  const without = `import axios from 'axios';\n${calls}`;
  assert.deepEqual(severities(without, '/p/src/client.ts', 'request-without-timeout'), ['2:warning', '3:warning']);
  const withDefault = `import axios from 'axios';\naxios.defaults.timeout = 5_000;\n${calls}`;
  assert.deepEqual(analyze(withDefault, '/p/src/client.ts', 'request-without-timeout'), []);
  const otherDefaults = `import axios from 'axios';\naxios.defaults.headers.common.accept = 'application/json';\n${calls}`;
  assert.equal(analyze(otherDefaults, '/p/src/client.ts', 'request-without-timeout').length, 2);
});

test('request-without-timeout: `axios(x)` with an argument that may be a URL or a config is left alone', () => {
  const text = "import axios from 'axios';\nexport const call = (input: unknown) => axios(input as string);\nexport const load = (url: string) => axios(url);";
  assert.deepEqual(severities(text, '/p/src/client.ts', 'request-without-timeout'), ['3:warning']);
});
