// deprecated-api's `req.param()` fix: which replacements are safe (applied by fix-all) and which only offered.
// The fixture test checks the edits; this checks the safety each one is given.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, indexOf, projectInputs, ready, stripMarkers } from './harness';

before(ready);

test('req.param() fixes: safe for literal names and constant defaults, unsafe for variable names and computed defaults', () => {
  const dir = path.join(FIXTURES, 'rules', 'deprecated-api', 'express');
  const texts = new Map(projectInputs(dir).map((f) => [f, stripMarkers(fs.readFileSync(f, 'utf8'))]));
  const index = indexOf(dir, texts, {}, { types: true });
  const lines = texts.get(path.join(dir, 'server.ts'))!.split('\n');
  const safety = index.allFindings().filter((f) => f.rule === 'deprecated-api')
    .map((f) => `${lines[f.range.start.line].trim().slice(0, 40)} → ${f.fixes.map((x) => x.safety).join(',') || 'none'}`);
  assert.deepEqual(safety, [
    "const id = req.param('id'); → safe",
    "const page = req.param('page', 1); → safe",
    "const trace = req.param('x-trace-id'); → safe",
    "res.send({ id, page, trace, name: req.pa → safe",
    "res.send({ id, page, trace, name: req.pa → safe",
    'return req.param(key); → unsafe',
    "return req.param('sort', defaultSort()); → unsafe",
    "return this.req.param('constructor'); → none",
    "return req.param('id'); → none",
    "return get().param('id'); → none",
    'app.param((name, matcher) => (req, res,  → none',
  ]);
});
