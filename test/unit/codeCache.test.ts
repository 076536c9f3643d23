// dist/cli.js runs its bundle through V8's code cache: the first run writes the cache, later runs read
// it and report the same; a damaged cache is rejected and rewritten, never trusted; no cache dir, no cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, REPO } from './harness';

const CLI = path.join(REPO, 'dist', 'cli.js');
const PROJECT = path.join(FIXTURES, 'projects', 'fastapi-basic');

function check(cacheDir: string) {
  const r = spawnSync(process.execPath, [CLI, 'check', PROJECT, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, READINESS_CODE_CACHE_DIR: cacheDir } });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as { findings: unknown[]; root: string };
}

const caches = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

test('the first run writes the code cache, the next one uses it and reports the same', () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cache-')), 'v8');
  const first = check(dir);
  const written = caches(dir);
  assert.equal(written.length, 1);
  assert.match(written[0], /^cli-core-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.v8cache$/);
  assert.equal((fs.statSync(dir).mode & 0o777), 0o700, 'the cache folder is the user\'s alone');
  const before = fs.statSync(path.join(dir, written[0])).mtimeMs;
  assert.deepEqual(check(dir), first);
  assert.equal(fs.statSync(path.join(dir, written[0])).mtimeMs, before, 'an accepted cache is not rewritten');
});

test('a damaged cache is rejected by V8 and replaced; the run is unaffected', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cache-'));
  const good = check(dir);
  const [name] = caches(dir);
  fs.writeFileSync(path.join(dir, name), Buffer.alloc(4096, 7));
  assert.deepEqual(check(dir), good);
  assert.notDeepEqual(fs.readFileSync(path.join(dir, name)), Buffer.alloc(4096, 7));
});

test('READINESS_CODE_CACHE_DIR set empty: no cache is written', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-home-'));
  const r = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env: { ...process.env, READINESS_CODE_CACHE_DIR: '', HOME: home, XDG_CACHE_HOME: path.join(home, 'cache') } });
  assert.equal(r.status, 0);
  assert.deepEqual(fs.readdirSync(home), []);
});
