// Malformed input never crashes the engine (issue 8): random edits of real files, broken encodings and
// line endings, pathological nesting. No rule may throw (a throwing rule is isolated, but that is a bug),
// every finding and every fix edit lies inside its document, and fixes never add a syntax error.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { analyzeFile } from '../../server/src/engine/analyzeFile';
import { mergeSettings } from '../../server/src/engine/config';
import { deriveFacts } from '../../server/src/engine/workspace/facts';
import { fixKeepsSyntax } from '../../server/src/engine/fixes';
import type { Finding } from '../../server/src/engine/types';
import { FIXTURES, REPO, ready } from './harness';
import { assertIncrementalMatchesFresh, assertInsideDocument, mutate, mutations } from './fuzz';

before(ready);

const settings = mergeSettings({}, {});
const facts = deriveFacts([{ rel: 'requirements.txt', text: 'pydantic==2.7.0\nfastapi==0.110.0\nsqlalchemy==2.0.30\n' }]);

/** Real Python sources to mutate: the rule fixtures and the example service. */
const corpus = (() => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full); else if (e.name.endsWith('.py')) files.push(full);
    }
  };
  walk(path.join(FIXTURES, 'rules'));
  walk(path.join(REPO, 'examples'));
  return files.map((f) => fs.readFileSync(f, 'utf8'));
})();


/** Analyses a text and checks every invariant; returns the findings. */
function check(text: string, file = '/p/fuzz.py'): Finding[] {
  const errors: string[] = [];
  const result = analyzeFile(file, text, { facts, settings, onRuleError: (rule, _f, e) => errors.push(`${rule}: ${(e as Error)?.stack ?? e}`) });
  assert.deepEqual(errors, [], 'a rule threw');
  assertInsideDocument(result.findings, file, text);
  return result.findings;
}

const mutation = mutations(['(', ')', ':', '"', "'''", '\\', '\t', '\r', '\r\n', '\0', '\uFEFF', '\uFFFD', 'except', 'def ', '@', '#', 'é😀']);

test('random edits of real files: no rule throws, ranges and fix edits stay inside the document', () => {
  fc.assert(fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
    check(mutate(corpus[i], ms));
  }), { numRuns: 250, seed: Number(process.env.FUZZ_SEED ?? 20261124) });
});

test('on valid code, every fix of every rule keeps the file parseable (not just filtered by the gate)', () => {
  let fixes = 0;
  for (const text of corpus) {
    for (const f of check(text)) for (const fix of f.fixes) {
      if (!fix.edits.every((e) => e.file === '/p/fuzz.py' || e.create)) continue;
      fixes++;
      assert.ok(fixKeepsSyntax(fix, (file) => (file === '/p/fuzz.py' ? text : undefined)), `${f.rule}: "${fix.title}" breaks the syntax`);
    }
  }
  assert.ok(fixes > 100, `only ${fixes} fixes exercised`);
});

test('line endings, BOM, tabs and encodings: the same findings, in the right places', () => {
  const base = corpus.find((t) => t.includes('except Exception') && t.includes('utcnow'))!;
  const expected = check(base).map((f) => `${f.rule}@${f.range.start.line}`).sort();
  for (const variant of [base.replace(/\n/g, '\r\n'), base.replace(/\n/g, '\r'), `\uFEFF${base}`]) {
    assert.deepEqual(check(variant).map((f) => `${f.rule}@${f.range.start.line}`).sort(), expected);
  }
  const mixed = base.split('\n').map((l, i) => (i % 2 ? `${l}\r` : l)).join('\n');
  assert.deepEqual(check(mixed).map((f) => `${f.rule}@${f.range.start.line}`).sort(), expected);
  check(base.replace(/    /g, '\t'));
  check(Buffer.from(base, 'utf8').toString('latin1')); // mis-decoded UTF-8
  check(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]).toString('utf8')); // binary with a .py name
  check('');
});

test('pathological nesting and size do not crash or hang', () => {
  const deep = 10_000;
  for (const text of [
    `x = ${'('.repeat(deep)}1${')'.repeat(deep)}\n`,
    `x = ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
    `x = a${'.b'.repeat(deep)}\n`,
    `x = f${'(a)'.repeat(deep)}\n`,
    `${Array.from({ length: 200 }, (_, i) => `${'    '.repeat(i)}if x:\n`).join('')}${'    '.repeat(200)}pass\n`,
    `try:\n    pass\n${'except Exception:\n    pass\n'.repeat(5000)}`,
    `s = "${'a'.repeat(200_000)}"\n`,
  ]) {
    const started = Date.now();
    check(text);
    assert.ok(Date.now() - started < 20_000, 'one file took over 20 s');
  }
});

test('regular expressions on file contents resist catastrophic backtracking (adversarial lines)', () => {
  const n = 50_000;
  const adversarial = [
    `x = 1  # noqa: ${'A1,'.repeat(n)}!`,
    `x = 1  # readiness: ignore[${'a'.repeat(n)}`,
    `x = 1  # pylint: disable=${'x-'.repeat(n)}!`,
    `x = 1  # nosec ${'B1'.repeat(n)}`,
    `url = "http://${'a:'.repeat(n)}@"`,
    `DATABASE_URL = "postgresql://${'u'.repeat(n)}:${'p'.repeat(n)}"`,
    `API_KEY = "${'Ab1'.repeat(n)}"`,
    `token = "eyJ${'a.'.repeat(n)}"`,
    `key = """-----BEGIN PRIVATE KEY-----${' '.repeat(n)}"""`,
    `${' '.repeat(n)}# ${'\t '.repeat(n)}`,
  ];
  for (const line of adversarial) {
    const started = Date.now();
    check(`${line}\n`);
    assert.ok(Date.now() - started < 3_000, `over 3 s on: ${line.slice(0, 40)}…`);
  }
  const dockerfile = `FROM python:3.12\nHEALTHCHECK CMD curl http://localhost:8000/${'a/'.repeat(n)} ${'-'.repeat(n)}\nCMD uvicorn --port ${'9'.repeat(n)} main:app\n`;
  const started = Date.now();
  analyzeFile('/p/Dockerfile', dockerfile, { facts, settings });
  assert.ok(Date.now() - started < 3_000, 'Dockerfile regexes over 3 s');
});

test('incremental re-parse: random edits give the findings of a fresh parse (Python)', () => {
  assertIncrementalMatchesFresh(corpus, '.py', ['', ' ', '\n', ':', '(', ')', 'except Exception:\n    pass\n', 'datetime.utcnow()', '\r\n', '\r', '# noqa', 'é', '    '],
    (file, text) => analyzeFile(file, text, { facts, settings }).findings);
});

test('incremental re-parse keeps positions right on the edited line and after it', () => {
  const file = '/p/incremental-positions.py';
  const before = 'from datetime import datetime\n\n\ndef f():\n    return datetime.utcnow(), datetime.utcnow()\n';
  const at = (fs: Finding[]) => fs.filter((f) => f.rule === 'datetime-utcnow').map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.character}`);
  analyzeFile(file, before, { facts, settings });
  for (const after of [
    before.replace('return datetime', 'return  datetime'), // same line, before both calls
    before.replace('utcnow(), ', 'utcnow(),    '), // same line, between the calls
    before.replace('def f', '\n\ndef f'), // lines above
    before.replace('import datetime\n', 'import datetime\r\n'), // a line ending changes
  ]) {
    assert.deepEqual(at(analyzeFile(file, after, { facts, settings }).findings), at(analyzeFile(`/p/fresh-${Math.random()}.py`, after, { facts, settings }).findings));
  }
});
