// The language server started the way the extension starts it, with a code cache folder: the first start
// writes V8's code cache a few seconds in, the next start reads it, and both serve diagnostics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, TestClient } from './client';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-cache-'));
const cacheDir = path.join(root, '.cache', 'v8');
fs.cpSync(path.join(REPO, 'test/fixtures/projects/fastapi-basic'), path.join(root, 'svc-root'), { recursive: true });
after(() => {
  delete process.env.READINESS_CODE_CACHE_DIR;
  fs.rmSync(root, { recursive: true, force: true });
});

async function start(): Promise<{ client: TestClient; ready: string }> {
  process.env.READINESS_CODE_CACHE_DIR = cacheDir; // what `--code-cache-dir=` sets, inherited by the spawned server
  const client = new TestClient({ enable: true, scope: 'workspace' });
  await client.initialize(path.join(root, 'svc-root'));
  const ready = await client.until(() => client.logs.find((l) => l.startsWith('server ready')), 'the ready line');
  await client.until(() => client.diagnosticsOf(path.join(root, 'svc-root', 'svc', 'main.py')).length > 0, 'diagnostics');
  return { client, ready };
}

test('first start writes the code cache, the second one uses it', async () => {
  const first = await start();
  assert.match(first.ready, /V8 code cache: none yet, written later/);
  await first.client.until(() => fs.existsSync(cacheDir) && fs.readdirSync(cacheDir).some((f) => /^server-core-.*\.v8cache$/.test(f)), 'the cache file', 15_000);
  await first.client.stop();
  const second = await start();
  assert.match(second.ready, /V8 code cache: used\)/);
  await second.client.stop();
});
