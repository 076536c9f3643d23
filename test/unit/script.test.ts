// TS/JS specifics: incremental re-parsing gives the same findings as a fresh parse, and the fixes follow
// the project (ES2022 `cause` or a plain rethrow; the project's logger and its argument order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import { mergeSettings } from '../../server/src/engine/config';
import { deriveFacts } from '../../server/src/engine/workspace/facts';
import { applyTextEdits } from '../../server/src/engine/text';
import { FIXTURES } from './harness';
import { assertIncrementalMatchesFresh } from './fuzz';

const settings = mergeSettings({}, {});


test('incremental re-parse: random edits give the findings of a fresh parse', () => {
  const source = fs.readFileSync(path.join(FIXTURES, 'rules/swallowed-catch/cases.ts'), 'utf8');
  const facts = deriveFacts([]);
  assertIncrementalMatchesFresh([source], '.ts', ['', ' ', '}', '{', 'catch (e) {}', '\n', 'try {', ';', 'x.catch(() => null)', '//'],
    (file, text) => analyzeFile(file, text, { facts, settings }).findings);
});

const EMPTY_CATCH = `export async function sync(): Promise<void> {\n  try {\n    await fetch('https://x.internal');\n  } catch (e) {}\n}\n`;

function fixesOf(text: string, files: { rel: string; text: string }[], name = '/project/src/sync.ts'): string[] {
  const facts = deriveFacts(files);
  const f = analyzeFile(name, text, { facts, settings }).findings.find((x) => x.rule === 'swallowed-catch')!;
  return f.fixes.map((fix) => applyTextEdits(text, fix.edits[0].edits));
}

test('rethrow: with `{ cause }` by default and for ES2022 targets, a plain rethrow for older tsconfig targets', () => {
  assert.match(fixesOf(EMPTY_CATCH, [])[1], /throw new Error\('sync failed', \{ cause: e \}\);/);
  const es2022 = [{ rel: 'tsconfig.json', text: '{ "compilerOptions": { "target": "ES2022" } }' }];
  assert.match(fixesOf(EMPTY_CATCH, es2022)[1], /cause: e/);
  // tsconfig is JSON with comments; an old target without an es2022 lib has no ErrorOptions
  const es2019 = [{ rel: 'tsconfig.json', text: '{\n  // legacy build\n  "compilerOptions": { "target": "es2019", },\n}' }];
  const old = fixesOf(EMPTY_CATCH, es2019)[1];
  assert.match(old, /\{\n    throw e;\n  \}/);
  assert.doesNotMatch(old, /cause/);
  const lib = [{ rel: 'tsconfig.json', text: '{ "compilerOptions": { "target": "es2019", "lib": ["es2019", "ES2022.Error"] } }' }];
  assert.match(fixesOf(EMPTY_CATCH, lib)[1], /cause: e/, 'an es2022 lib brings ErrorOptions back');
});

test('logging: the module logger in its own argument order (winston message first, pino error first)', () => {
  const winston = `import winston from 'winston';\nconst logger = winston.createLogger();\n${EMPTY_CATCH}`;
  assert.match(fixesOf(winston, [])[0], /logger\.error\('sync failed', e\);/);
  const pino = `import pino from 'pino';\nconst log = pino();\n${EMPTY_CATCH}`;
  assert.match(fixesOf(pino, [])[0], /log\.error\(\{ err: e \}, 'sync failed'\);/);
  // an imported project logger: the dependencies decide (pino installed, winston not)
  const imported = `import { logger } from './logger';\n${EMPTY_CATCH}`;
  assert.match(fixesOf(imported, [{ rel: 'package.json', text: '{ "dependencies": { "pino": "^9.0.0" } }' }])[0], /logger\.error\(\{ err: e \}, 'sync failed'\);/);
  assert.match(fixesOf(imported, [])[0], /logger\.error\('sync failed', e\);/);
  assert.match(fixesOf(EMPTY_CATCH, [])[0], /console\.error\('sync failed', e\);/);
});

test('CRLF files get CRLF lines from the fixes', () => {
  const crlf = EMPTY_CATCH.replace(/\n/g, '\r\n');
  const fixed = fixesOf(crlf, [])[0];
  assert.ok(!/[^\r]\n/.test(fixed), 'no bare LF');
});
