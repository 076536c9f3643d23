// Keeps the registry, rule files, docs pages, fixture folders and package.json settings in step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_RULES } from '../../server/src/engine/rules/index';
import { REPO, isSourceInput } from './harness';

// A rule implemented for several languages has one file per language directory (same name).
const ruleFiles = ['python', 'ts', 'project', 'meta'].flatMap((dir) =>
  fs.readdirSync(path.join(REPO, 'server/src/engine/rules', dir)).filter((f) => /^[a-z]+(-[a-z]+)+\.ts$/.test(f) && f !== 'project-rule.ts')
    .map((f) => f.replace(/\.ts$/, '')));

test('every rule file is registered and every registered rule has a file', () => {
  assert.deepEqual([...ALL_RULES.map((r) => r.id)].sort(), [...new Set(ruleFiles)].sort());
});

for (const rule of ALL_RULES) {
  test(`${rule.id}: docs page with the required sections`, () => {
    const page = path.join(REPO, 'docs/rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(page), `missing ${page}`);
    const text = fs.readFileSync(page, 'utf8');
    assert.match(text, new RegExp(`^# ${rule.id}\\b`));
    for (const section of ['What it does', 'Why it matters', 'Example', 'Fix', 'Fix safety', 'Options']) {
      assert.match(text, new RegExp(`^## ${section}\\s*$`, 'm'), `${rule.id}.md lacks "## ${section}"`);
    }
  });
  test(`${rule.id}: fixture folder with a marked positive case`, () => {
    const dir = path.join(REPO, 'test/fixtures/rules', rule.id);
    assert.ok(fs.existsSync(dir), `missing ${dir}`);
    const all = fs.readdirSync(dir, { recursive: true }) as string[];
    const isInput = (f: string) => isSourceInput(f) || /(^|\/)Dockerfile$/.test(f) || /\.ya?ml$/.test(f);
    assert.ok(all.some((f) => isInput(f) && fs.readFileSync(path.join(dir, f), 'utf8').includes(`^ ${rule.id}`)), 'no caret marker for the rule');
  });
}

test('package.json offers every rule in readiness.rules', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties['readiness.rules'].properties;
  assert.deepEqual(Object.keys(props).sort(), ALL_RULES.map((r) => r.id).sort());
});

test('docs/rules/README.md lists every rule with a link to its page', () => {
  const index = fs.readFileSync(path.join(REPO, 'docs/rules/README.md'), 'utf8');
  for (const rule of ALL_RULES) assert.ok(index.includes(`[\`${rule.id}\`](${rule.id}.md)`), `${rule.id} missing from docs/rules/README.md`);
});
