// The graceful-shutdown fix does what it says on a real Node HTTP server: after SIGTERM the request in
// flight still gets its answer, new connections are refused, and the process exits with status 0.
// Runs the fixed CommonJS fixture (checked against the rule's output by the fixture test) with a
// minimal stand-in for `express` that serves through node:http, so the test needs no npm install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES } from './harness';

const FIXED = path.join(FIXTURES, 'rules', 'missing-graceful-shutdown', 'express-bound-cjs', 'index.fixed.js');

/** `express()` → an app with `get(path, handler)` and `listen(port)`, answering every request after SLOW_MS. */
const EXPRESS_STAND_IN = `
const http = require('node:http');
module.exports = function express() {
  const routes = new Map();
  return {
    get(p, handler) { routes.set(p, handler); },
    listen(port) {
      return http.createServer((req, res) => {
        res.json = (body) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(body)); };
        const handler = routes.get(req.url);
        setTimeout(() => (handler ? handler(req, res) : (res.statusCode = 404, res.end())), Number(process.env.SLOW_MS));
      }).listen(port, () => process.stdout.write('listening\\n'));
    },
  };
};
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
  });
}

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ port, path: '/health', agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}

test('after SIGTERM the fixed Express service finishes the request in flight, refuses new ones and exits 0', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-shutdown-'));
  fs.mkdirSync(path.join(dir, 'node_modules', 'express'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'express', 'index.js'), EXPRESS_STAND_IN);
  fs.copyFileSync(FIXED, path.join(dir, 'index.js'));
  const port = await freePort();
  const child = spawn(process.execPath, ['index.js'], { cwd: dir, env: { ...process.env, PORT: String(port), SLOW_MS: '600' } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('listening')) resolve(); }));

  const inFlight = get(port);
  await new Promise((r) => setTimeout(r, 150)); // the request is being served
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 100));
  await assert.rejects(get(port), /ECONNREFUSED|ECONNRESET/, 'a new connection after SIGTERM is refused');
  assert.deepEqual(await inFlight, { status: 200, body: '{"status":"ok"}' });
  assert.equal(await exited, 0, 'exits 0 once drained, not killed by the signal');
});

test('without the fix, SIGTERM cuts the request in flight off', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-shutdown-'));
  fs.mkdirSync(path.join(dir, 'node_modules', 'express'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'express', 'index.js'), EXPRESS_STAND_IN);
  const original = fs.readFileSync(FIXED.replace('.fixed.js', '.js'), 'utf8').split('\n').filter((l) => !/^\s*\/\/\s*\^/.test(l)).join('\n');
  fs.writeFileSync(path.join(dir, 'index.js'), original);
  const port = await freePort();
  const child = spawn(process.execPath, ['index.js'], { cwd: dir, env: { ...process.env, PORT: String(port), SLOW_MS: '600' } });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('listening')) resolve(); }));
  const inFlight = get(port);
  await new Promise((r) => setTimeout(r, 150));
  child.kill('SIGTERM');
  await assert.rejects(inFlight, /socket hang up|ECONNRESET/);
  assert.equal(await exited, 'SIGTERM');
});
