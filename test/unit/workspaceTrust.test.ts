// Workspace trust (issue 8): in an untrusted folder the workspace's own settings apply, which is safe only
// while no setting can name an executable or a path outside the workspace. The one free-form setting,
// `exclude` (like `exclude` and `[[overrides]]` paths in .readiness.toml), is a glob list: globs can
// only narrow what is read under the root, never reach outside it, and links out of the root are not followed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { discoverFiles, makeExcluder } from '../../server/src/engine/workspace/discover';
import { WorkspaceIndex } from '../../server/src/engine/workspaceIndex';
import { mergeSettings } from '../../server/src/engine/config';
import { REPO, ready } from './harness';

before(ready);

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

interface Schema { type?: string; enum?: unknown[]; pattern?: string; items?: Schema; properties?: Record<string, Schema>; additionalProperties?: Schema | boolean }

/** Whether a setting's values are closed (booleans, numbers, enums, patterned versions): none can name a path or a program. */
function closed(s: Schema): boolean {
  if (s.type === 'boolean' || s.type === 'number' || s.type === 'integer') return true;
  if (s.type === 'string') return !!s.enum || !!s.pattern;
  if (s.type === 'object') return Object.values(s.properties ?? {}).every(closed) && typeof s.additionalProperties === 'object' && closed(s.additionalProperties);
  return false;
}

test('no setting can point at an executable or a path: all are closed values except the exclude glob list', () => {
  const properties: Record<string, Schema> = pkg.contributes.configuration.properties;
  assert.ok(Object.keys(properties).length >= 5, 'settings not found in package.json');
  const open = Object.entries(properties).filter(([, s]) => !closed(s)).map(([name]) => name);
  // A new free-form setting may name a path or a program: add it to capabilities.untrustedWorkspaces
  // .restrictedConfigurations and have the server ignore workspace values of it in untrusted folders.
  assert.deepEqual(open, ['readiness.exclude'], 'settings with free-form values');
  assert.deepEqual(properties['readiness.exclude'], { ...properties['readiness.exclude'], type: 'array', items: { type: 'string' } });
  const pathLike = Object.keys(properties).filter((n) => /path|exe|executable|command|interpreter|binary|program|script|cwd|dir|folder|env|args|(?<!max)file(?!size)/i.test(n));
  assert.deepEqual(pathLike, [], 'setting names that suggest a path or a program');
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [], [], 'restricted settings must be ignored by the server too');
});

/** parent/{outside.py, other/secret.py, root/{app.py, pkg/mod.py, link -> ../other}} */
function layout(): { parent: string; root: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-trust-'));
  const root = path.join(parent, 'root');
  fs.mkdirSync(path.join(root, 'pkg'), { recursive: true });
  fs.mkdirSync(path.join(parent, 'other'));
  for (const f of ['outside.py', 'other/secret.py', 'root/app.py', 'root/pkg/mod.py']) fs.writeFileSync(path.join(parent, f), 'x = 1\n');
  try { fs.symlinkSync(path.join(parent, 'other'), path.join(root, 'link'), 'dir'); } catch { /* no symlinks here (Windows without rights) */ }
  return { parent, root };
}

const OUTWARD = (root: string, parent: string) => ['../**', '..', '../*.py', '!../outside.py', '!../other/**', '!/../outside.py', '/../**/*.py',
  '**/../**', `!${parent}/outside.py`, `!${path.join(parent, 'other')}/**`, `${root}/**`, '!link/**', '!**/secret.py', '\\..\\outside.py'];

test('exclude patterns with ../ or absolute paths neither add files from outside the root nor drop files inside it', async () => {
  const { parent, root } = layout();
  try {
    const found = await discoverFiles(root, { exclude: OUTWARD(root, parent), maxFileSizeKb: 1024 });
    assert.deepEqual(found.files.map((f) => f.rel), ['app.py', 'pkg/mod.py'], 'links out of the root are not followed either');
    for (const f of found.files) assert.ok(!path.relative(root, f.path).startsWith('..'));
    const index = new WorkspaceIndex(root, mergeSettings({ exclude: OUTWARD(root, parent) }, {}));
    assert.equal(index.covers(path.join(root, 'app.py')), true);
    for (const f of ['outside.py', 'other/secret.py']) assert.equal(index.covers(path.join(parent, f)), false, f);
    await index.scan();
    assert.deepEqual(index.files().map((f) => path.relative(root, f)).sort(), ['app.py', path.join('pkg', 'mod.py')]);
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});

test('overrides paths with ../ or absolute paths match no file under the root; a pattern inside the root does', () => {
  const { parent, root } = layout();
  try {
    const settings = mergeSettings({ overrides: [{ paths: OUTWARD(root, parent).filter((p) => !p.startsWith('!')), rules: { 'broad-except': 'off' } }] }, {});
    const index = new WorkspaceIndex(root, settings);
    for (const f of ['app.py', 'pkg/mod.py']) assert.equal(index.settingsFor(path.join(root, f)).rules['broad-except'], undefined, f);
    const inside = new WorkspaceIndex(root, mergeSettings({ overrides: [{ paths: ['pkg/**'], rules: { 'broad-except': 'off' } }] }, {}));
    assert.equal(inside.settingsFor(path.join(root, 'pkg', 'mod.py')).rules['broad-except'], 'off', 'a pattern inside the root does apply');
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});

test('any exclude or overrides pattern: matching never throws and discovery stays under the root', async () => {
  const { parent, root } = layout();
  try {
    const pattern = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('..', '../', '/', '\\', '!', '**', '[', '[!a', '\0', '~', '\r\n').chain((t) => fc.string({ maxLength: 6 }).map((s) => t + s)));
    await fc.assert(fc.asyncProperty(fc.array(pattern, { maxLength: 6 }), async (patterns) => {
      const excluder = makeExcluder(patterns);
      for (const rel of ['app.py', 'pkg/mod.py', 'pkg/']) excluder.ignores(rel);
      const found = await discoverFiles(root, { exclude: patterns, maxFileSizeKb: 1024 });
      for (const f of found.files) assert.ok(['app.py', 'pkg/mod.py'].includes(f.rel), f.rel);
      new WorkspaceIndex(root, mergeSettings({ overrides: [{ paths: patterns.length ? patterns : ['x'], rules: {} }] }, {})).settingsFor(path.join(root, 'app.py'));
    }), { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 20261127) });
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});
