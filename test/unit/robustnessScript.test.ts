// Malformed TS/JS never crashes the engine (issue 8), like robustness.test.ts for Python: random edits of
// the TS/JS fixtures and the example service, odd encodings, pathological nesting, adversarial lines; and
// on valid code every fix of every TS/JS rule keeps the file parseable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import { mergeSettings } from '../../server/src/engine/config';
import { deriveFacts } from '../../server/src/engine/workspace/facts';
import { fixKeepsSyntax } from '../../server/src/engine/fixes';
import { isScriptFile } from '../../server/src/engine/parse/script';
import type { Finding } from '../../server/src/engine/types';
import { FIXTURES, REPO } from './harness';
import { assertInsideDocument, mutate, mutations } from './fuzz';

const settings = mergeSettings({}, {});
const facts = deriveFacts([{ rel: 'package.json', text: '{ "dependencies": { "express": "^4.19.0", "axios": "^1.7.0", "pino": "^9.0.0", "@nestjs/config": "^3.2.0" } }' }]);

/** The TS/JS fixtures (inputs, not expected outputs) and the example service, with their extensions. */
const corpus = (() => {
  const files: { ext: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (isScriptFile(e.name) && !/\.(fixed|created)\.[a-z]+$/.test(e.name)) files.push({ ext: path.extname(e.name), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(FIXTURES, 'rules'));
  walk(path.join(REPO, 'examples'));
  return files;
})();


let n = 0;
function check(text: string, ext = '.ts', parseMayFail = false): { file: string; findings: Finding[] } {
  const file = `/p/fuzz-${n++ % 4}${ext}`; // a few names: the incremental re-parse is exercised too
  const errors: string[] = [];
  const result = analyzeFile(file, text, { facts, settings, onRuleError: (rule, _f, e) => {
    if (!(parseMayFail && rule === 'parse')) errors.push(`${rule}: ${(e as Error)?.stack ?? e}`);
  } });
  assert.deepEqual(errors, [], 'a rule threw');
  assertInsideDocument(result.findings, file, text);
  return { file, findings: result.findings };
}

const mutation = mutations(['{', '}', '(', ')', '`', '${', '"', "'", '/*', '//', '<div>', '</', '\\', '\r', '\r\n', '\0', '\uFEFF', 'catch', 'try {', '?? ', '|| ', '!', 'process.env.', '@', 'é😀']);

test('TS/JS: random edits of real files: no rule throws, ranges and fix edits stay inside the document', () => {
  assert.ok(corpus.length > 20, `only ${corpus.length} TS/JS files in the corpus`);
  fc.assert(fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
    check(mutate(corpus[i].text, ms), corpus[i].ext);
  }), { numRuns: 250, seed: Number(process.env.FUZZ_SEED ?? 20261125) });
});

test('TS/JS: on valid code, every fix of every rule keeps the file parseable', () => {
  let fixes = 0;
  for (const { ext, text } of corpus) {
    const { file, findings } = check(text, ext);
    for (const f of findings) for (const fix of f.fixes) {
      if (!fix.edits.every((e) => e.file === file || e.create)) continue;
      fixes++;
      assert.ok(fixKeepsSyntax(fix, (name) => (name === file ? text : undefined)), `${f.rule}: "${fix.title}" breaks the syntax`);
    }
  }
  assert.ok(fixes > 50, `only ${fixes} fixes exercised`);
});

test('TS/JS: line endings, BOM, tabs, encodings, binary and empty files', () => {
  const base = corpus.find((c) => c.text.includes('catch (e) {}'))!.text;
  const expected = check(base).findings.map((f) => `${f.rule}@${f.range.start.line}`).sort();
  for (const variant of [base.replace(/\n/g, '\r\n'), `\uFEFF${base}`]) {
    assert.deepEqual(check(variant).findings.map((f) => `${f.rule}@${f.range.start.line}`).sort(), expected);
  }
  check(base.replace(/ {2}/g, '\t'));
  check(Buffer.from(base, 'utf8').toString('latin1'));
  check(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]).toString('utf8'), '.js');
  check('', '.mjs');
});

test('TS/JS: pathological nesting and size do not crash or hang', () => {
  const deep = 10_000;
  for (const text of [
    `const x = ${'('.repeat(deep)}1${')'.repeat(deep)};\n`,
    `const x = ${'['.repeat(deep)}${']'.repeat(deep)};\n`,
    `const x = a${'.b'.repeat(deep)};\n`,
    `const x = f${'(a)'.repeat(deep)};\n`,
    `${'try { '.repeat(2000)}x();${' } catch (e) {}'.repeat(2000)}\n`,
    `p${'.catch(() => {})'.repeat(5000)};\n`,
    `const s = '${'a'.repeat(200_000)}';\n`,
    `const secret = process.env.A${' || process.env.B'.repeat(5000)} || 'x';\n`,
  ]) {
    const started = Date.now();
    check(text, '.ts', true); // the compiler's parser may overflow its stack: reported, not thrown
    assert.ok(Date.now() - started < 20_000, 'one file took over 20 s');
  }
});

test('TS/JS: content regexes resist catastrophic backtracking (adversarial lines)', () => {
  const n = 50_000;
  for (const line of [
    `x(); // eslint-disable-next-line ${'a-'.repeat(n)}!`,
    `x(); // readiness: ignore[${'a'.repeat(n)}`,
    `const url = "http://${'a:'.repeat(n)}@";`,
    `const API_KEY = "${'Ab1'.repeat(n)}";`,
    `const token = "eyJ${'a.'.repeat(n)}";`,
    `const origin = /${'a*'.repeat(2000)}/;`,
  ]) {
    const started = Date.now();
    check(`${line}\n`);
    assert.ok(Date.now() - started < 3_000, `over 3 s on: ${line.slice(0, 40)}…`);
  }
});
