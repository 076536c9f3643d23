// Malformed non-code inputs never crash the engine (issue 8): `.readiness.toml` and `[tool.readiness]`,
// the facts files (pyproject.toml, requirements, lockfiles, package.json, tsconfig.json, .python-version)
// Dockerfiles and Kubernetes manifests. Random edits of real files, random byte edits (invalid UTF-8), BOM, CRLF and mixed line
// endings, tabs, empty and binary files, deep nesting. Nothing throws, a broken config names its file, line
// and key, the valid part of a config applies, findings stay inside the document, time per input is bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'smol-toml';
import { mergeSettings, parseConfigText, readProjectConfig, type ProjectConfig } from '../../server/src/engine/config';
import { WorkspaceIndex } from '../../server/src/engine/workspaceIndex';
import { deriveFacts, type ProjectFacts } from '../../server/src/engine/workspace/facts';
import { summarizeDockerfile } from '../../server/src/engine/project/dockerfileSummary';
import { summarizeCompose, summarizeManifest } from '../../server/src/engine/project/manifestSummary';
import { ALL_RULES } from '../../server/src/engine/rules/index';
import { LineIndex } from '../../server/src/engine/text';
import type { Range } from '../../server/src/engine/types';
import { FIXTURES, REPO, indexOf, ready } from './harness';
import { assertInsideDocument, mutate, mutations } from './fuzz';

before(ready);

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
/** Per input, on a shared 2-core machine; typical inputs take well under a millisecond. */
const BUDGET_MS = 2_000;
let inputs = 0;
after(() => console.log(`${inputs} non-code inputs tried`));

function timed<T>(what: string, run: () => T): T {
  inputs++;
  const started = performance.now();
  const out = run();
  const ms = performance.now() - started;
  assert.ok(ms < BUDGET_MS, `${what} took ${Math.round(ms)} ms`);
  return out;
}

/** Real facts files and Dockerfiles of the fixtures and the example service, by base name. */
const corpus = (() => {
  const files: { rel: string; text: string }[] = [];
  const wanted = (n: string) => /^(pyproject\.toml|requirements.*\.txt|.*\.lock|package\.json|tsconfig.*\.json|\.python-version|Dockerfile.*)$/.test(n);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full); else if (wanted(e.name)) files.push({ rel: e.name, text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(FIXTURES, 'rules'));
  walk(path.join(FIXTURES, 'projects'));
  walk(path.join(REPO, 'examples'));
  // kinds the fixtures lack
  files.push({ rel: 'Pipfile.lock', text: '{"_meta": {}, "default": {"fastapi": {"version": "==0.110.0"}}, "develop": {"pytest": {"version": "==8.0.0"}}}\n' });
  files.push({ rel: 'package-lock.json', text: '{"lockfileVersion": 3, "packages": {"": {}, "node_modules/express": {"version": "4.19.2"}}}\n' });
  files.push({ rel: '.python-version', text: '3.12.1\n' });
  return files;
})();

/** Realistic configs: every key, in both homes; the pyproject also has Ruff's keys of the same names first. */
const READINESS_TOML = `exclude = ["migrations/", "**/generated/**"]
target-version = "3.11"
max-file-size-kb = 512

[rules]
broad-except = "error"
deprecated-typing-alias = "off"

[[overrides]]
paths = ["tests/**"]
rules = { hardcoded-secret = "off" }

[[overrides]]
paths = ["scripts/*.py"]

[overrides.rules]
request-without-timeout = "hint"
`;
const PYPROJECT = `[project]
name = "svc"
requires-python = ">=3.10"
dependencies = ["fastapi>=0.110", "pydantic>=2.5"]

[tool.ruff]
exclude = ["build"]
target-version = "py310"

[tool.ruff.lint]
select = ["E", "BLE"]

[tool.readiness]
${READINESS_TOML.replace(/^\[(\[?)/gm, '[$1tool.readiness.')}`;
const CONFIGS = [{ name: '.readiness.toml', text: READINESS_TOML }, { name: 'pyproject.toml', text: PYPROJECT }];

const ENCODING_VARIANTS: [string, (t: string) => string][] = [
  ['BOM', (t) => `\uFEFF${t}`],
  ['CRLF', (t) => t.replace(/\n/g, '\r\n')],
  ['mixed endings', (t) => t.split('\n').map((l, i) => (i % 2 ? `${l}\r` : l)).join('\n')],
  ['tab indentation', (t) => t.replace(/^ {2,4}/gm, '\t')],
];
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc]);
const ODD_TEXTS = ['', '\uFEFF', '\0', '\r', '\r\n\r\n', '\t\t\n', BINARY.toString('utf8'), BINARY.toString('latin1'), '\uD800', 'é😀'.repeat(1000),
  'null', '1', '[]', '"x"', '{"dependencies": null, "packages": [1], "compilerOptions": "es2022"}']; // valid JSON/TOML-ish, wrong shape

// ----- config -----

function checkConfig(cfg: ProjectConfig, file: string, text: string): void {
  const lines = new LineIndex(text).lineCount; // as the editor counts them: \r alone breaks a line too
  for (const p of cfg.problems) {
    assert.equal(p.file, file);
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines, `problem line ${p.line} outside 1..${lines}: ${p.message}`);
    assert.ok(p.message.length > 0 && typeof p.key === 'string');
    if (p.key && file.endsWith('pyproject.toml')) assert.match(p.key, /^tool\.readiness\./);
  }
  const s = cfg.settings;
  if (s.exclude) assert.ok(s.exclude.every((e) => typeof e === 'string'));
  if (s.maxFileSizeKb !== undefined) assert.ok(typeof s.maxFileSizeKb === 'number' && s.maxFileSizeKb > 0);
  if (s.pythonTargetVersion !== undefined) assert.match(s.pythonTargetVersion, /^3\.\d+$/);
  const severities = ['error', 'warning', 'info', 'hint', 'off'];
  for (const rules of [s.rules ?? {}, ...(s.overrides ?? []).map((o) => o.rules)]) {
    for (const [id, sev] of Object.entries(rules)) assert.ok(ALL_RULES.some((r) => r.id === id) && severities.includes(sev), `${id} = ${sev}`);
  }
  for (const o of s.overrides ?? []) assert.ok(o.paths.length > 0 && o.paths.every((p) => typeof p === 'string'));
}

const tomlMutation = mutations(['[', ']', '[[overrides]]', '[rules]', '=', '"', "'''", '"""', '\\', '\\u', '{', '}', ',', '#', '.', '\t', '\r', '\r\n', '\0', '\uFEFF', 'rules', 'exclude = 1\n', 'é😀', '1e999', '-0', 'inf']);

test('config: random edits of real configs never throw; problems name the file and a line inside it; kept values are well-typed', () => {
  fc.assert(fc.property(fc.constantFrom(...CONFIGS), fc.array(tomlMutation, { minLength: 1, maxLength: 6 }), (cfg, ms) => {
    const text = mutate(cfg.text, ms);
    const file = `/p/${cfg.name}`;
    checkConfig(timed(cfg.name, () => parseConfigText(file, text, cfg.name === 'pyproject.toml')), file, text);
  }), { numRuns: 400, seed: SEED });
});

test('config: random byte edits on disk (invalid UTF-8 included) never throw and keep problems inside the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-config-fuzz-'));
  try {
    const byteEdit = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom('set', 'insert', 'delete') });
    fc.assert(fc.property(fc.constantFrom(...CONFIGS), fc.array(byteEdit, { minLength: 1, maxLength: 8 }), (cfg, edits) => {
      let bytes = [...Buffer.from(cfg.text, 'utf8')];
      for (const e of edits) {
        const at = e.at % (bytes.length + 1);
        if (e.kind === 'set' && at < bytes.length) bytes[at] = e.byte;
        else if (e.kind === 'insert') bytes.splice(at, 0, e.byte);
        else bytes.splice(at, 1);
      }
      for (const other of CONFIGS) fs.rmSync(path.join(dir, other.name), { force: true });
      const file = path.join(dir, cfg.name);
      fs.writeFileSync(file, Buffer.from(bytes));
      checkConfig(timed(cfg.name, () => readProjectConfig(dir)), file, fs.readFileSync(file, 'utf8'));
    }), { numRuns: 150, seed: SEED });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('config: BOM, CRLF, mixed endings and tabs give the same settings and problems, on the same lines', () => {
  const broken = (t: string) => t.replace('max-file-size-kb = 512', 'max-file-size-kb = "big"').replace('"error"', '"loud"');
  for (const cfg of CONFIGS) for (const text of [cfg.text, broken(cfg.text)]) {
    const isPyproject = cfg.name === 'pyproject.toml';
    const expected = parseConfigText('/p/x', text, isPyproject);
    assert.equal(expected.problems.length, text === cfg.text ? 0 : 2, JSON.stringify(expected.problems));
    for (const [name, variant] of ENCODING_VARIANTS) {
      if (name === 'mixed endings') continue; // a lone \r is not a TOML line break
      const got = timed(name, () => parseConfigText('/p/x', variant(text), isPyproject));
      assert.deepEqual(got, expected, `${cfg.name} with ${name}`);
    }
  }
});

test('config: empty, binary and deeply nested files give at most a "not valid TOML" problem', () => {
  const deep = 10_000;
  for (const cfg of CONFIGS) {
    for (const text of [...ODD_TEXTS, `exclude = ${'['.repeat(deep)}${']'.repeat(deep)}\n`, `rules = ${'{ a = '.repeat(deep)}1${' }'.repeat(deep)}\n`,
      `${'[a]\n'.repeat(deep)}`, `exclude = ["${'\\\\'.repeat(deep)}"]\n`]) {
      const file = `/p/${cfg.name}`;
      const result = timed('odd config', () => parseConfigText(file, text, cfg.name === 'pyproject.toml'));
      checkConfig(result, file, text);
      for (const p of result.problems) if (!p.key) assert.match(p.message, /^not valid TOML: /);
    }
  }
});

// A config built from a model: each key valid or broken, so the expected settings and problems are known.
const ids = ALL_RULES.map((r) => r.id);
const severity = fc.constantFrom('error', 'warning', 'info', 'hint', 'off');
type Part = { value: unknown; valid: boolean };
const part = (valid: fc.Arbitrary<unknown>, broken: unknown[]): fc.Arbitrary<Part | undefined> => fc.option(fc.oneof(
  valid.map((value) => ({ value, valid: true })), fc.constantFrom(...broken).map((value) => ({ value, valid: false })),
), { nil: undefined });
const model = fc.record({
  exclude: part(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), [1, 'migrations/', [1, 'a'], { a: 'b' }, true]),
  'target-version': part(fc.constantFrom('3.8', '3.11', '3.13', 'py39', 'py312'), ['banana', 3.11, '2.7', '', ['3.11']]),
  'max-file-size-kb': part(fc.integer({ min: 1, max: 100_000 }), [0, -1, '1024', true]),
  rules: part(fc.dictionary(fc.constantFrom(...ids), severity, { maxKeys: 4 }), ['off', [1], { 'no-such-rule': 'off' }, { 'broad-except': 'loud' }, { 'broad-except': 1 }]),
  overrides: part(fc.array(fc.record({ paths: fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 2 }), rules: fc.dictionary(fc.constantFrom(...ids), severity, { maxKeys: 2 }) }), { maxLength: 2 }),
    [{ paths: ['x'] }, [{ paths: [], rules: {} }], [{ paths: 'tests/**', rules: {} }], [{ paths: ['a'], rules: { 'no-such-rule': 'off' } }], [{ paths: ['a'], rules: {}, severity: 'off' }], ['tests/**']]),
  'no-such-key': fc.option(fc.constantFrom(1, 'x').map((value): Part => ({ value, valid: false })), { nil: undefined }), // never valid
});
const SETTING_OF: Record<string, string> = { exclude: 'exclude', 'target-version': 'pythonTargetVersion', 'max-file-size-kb': 'maxFileSizeKb', rules: 'rules', overrides: 'overrides' };

test('config: each broken value is reported under its key on its own line, each valid one applies (both homes)', () => {
  fc.assert(fc.property(model, fc.boolean(), (m, inPyproject) => {
    const table = Object.fromEntries(Object.entries(m).filter(([, p]) => p).map(([k, p]) => [k, p!.value]));
    // a pyproject also holds other tools' keys of the same names, before ours
    const preamble = inPyproject ? '[tool.ruff]\nexclude = ["build"]\ntarget-version = "py310"\nrules = 1\n\n[[tool.other.overrides]]\npaths = 1\n\n' : '';
    const text = preamble + stringify(inPyproject ? { tool: { readiness: table } } : table);
    const file = inPyproject ? '/p/pyproject.toml' : '/p/.readiness.toml';
    const cfg = timed('model config', () => parseConfigText(file, text, inPyproject));
    checkConfig(cfg, file, text);
    const prefix = inPyproject ? 'tool.readiness.' : '';
    const lines = text.split('\n');
    const preambleLines = preamble.split('\n').length - 1;
    for (const [key, p] of Object.entries(m)) {
      if (!p) continue;
      const mine = cfg.problems.filter((x) => x.key.startsWith(prefix + key));
      if (p.valid) {
        assert.deepEqual(mine, [], `${key} = ${JSON.stringify(p.value)} is valid`);
        const setting = (cfg.settings as Record<string, unknown>)[SETTING_OF[key]];
        const expected = key === 'target-version' ? String(p.value).replace(/^py3\.?/, '3.') : p.value;
        assert.deepEqual(setting, JSON.parse(JSON.stringify(expected)), key); // fast-check's dictionaries have no prototype
      } else {
        assert.ok(mine.length > 0, `${key} = ${JSON.stringify(p.value)} is not reported: ${JSON.stringify(cfg.problems)}`);
        for (const x of mine) {
          // the line holds the key (or the [[overrides]] entry), in our table, not another tool's
          const segment = x.key.startsWith(`${prefix}overrides`) ? 'overrides' : x.key.split('.').pop()!;
          assert.ok(lines[x.line - 1].includes(segment), `${x.key} reported on line ${x.line}: ${lines[x.line - 1]}`);
          assert.ok(x.line > preambleLines, `${x.key} reported on another tool's line ${x.line}`);
        }
      }
    }
  }), { numRuns: 300, seed: SEED });
});

// ----- project facts -----

function checkFacts(facts: ProjectFacts): void {
  assert.ok(facts.pythonTarget.every((n) => Number.isInteger(n) && n >= 0), `target ${facts.pythonTarget}`);
  for (const [name, version] of [...facts.dependencies, ...facts.script.packages]) assert.ok(typeof name === 'string' && typeof version === 'string');
  assert.equal(typeof facts.script.errorCause, 'boolean');
}

const factsMutation = mutations(['[', ']', '{', '}', '"', "'", ',', ':', '=', '==', '>=', '^', '~=', '\\', '#', '-r ', '-e ', '\t', '\r', '\r\n', '\0', '\uFEFF', '[[package]]', 'null', '1e999', 'FROM python:', 'é😀']);

test('facts: random edits of pyproject, requirements, lockfiles, package.json, tsconfig, Dockerfiles never throw', () => {
  assert.ok(corpus.length > 50, `only ${corpus.length} files in the corpus`);
  fc.assert(fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(factsMutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
    const { rel, text } = corpus[i];
    checkFacts(timed(rel, () => deriveFacts([{ rel, text: mutate(text, ms) }])));
  }), { numRuns: 500, seed: SEED });
});

test('facts: BOM, CRLF, mixed endings and tabs give the same facts as the plain file', () => {
  const shape = (f: ProjectFacts) => JSON.stringify([f.pythonTarget, [...f.dependencies], [...f.script.packages], [...f.script.declared], f.script.errorCause]);
  for (const { rel, text } of corpus) {
    const expected = shape(deriveFacts([{ rel, text }]));
    for (const [name, variant] of ENCODING_VARIANTS) {
      if (name === 'mixed endings' && /\.(toml|lock)$/.test(rel)) continue; // a lone \r is not a TOML line break
      assert.equal(shape(timed(name, () => deriveFacts([{ rel, text: variant(text) }]))), expected, `${rel} with ${name}`);
    }
  }
});

test('facts: empty, binary and 10,000-deep files of every kind never throw', () => {
  const deep = 10_000;
  const kinds = ['pyproject.toml', 'requirements.txt', 'uv.lock', 'poetry.lock', 'Pipfile.lock', 'package.json', 'package-lock.json', 'tsconfig.json', '.python-version', 'Dockerfile'];
  // 200,000 blank lines: a `^\s*…`/m regex re-scans them from every line (it took 860 ms at 30,000 before the fix)
  const nested = ['\n'.repeat(200_000), `${'['.repeat(deep)}${']'.repeat(deep)}`, `${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}`, `a = ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
    `{"compilerOptions": ${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}`, `${'-r x\n'.repeat(deep)}`, `FROM python:3.12 ${'\\\n'.repeat(deep)}\n`];
  for (const rel of kinds) for (const text of [...ODD_TEXTS, ...nested]) checkFacts(timed(`${rel} odd`, () => deriveFacts([{ rel, text }])));
});

test('facts: a tsconfig.json nested 10,000 deep is a config problem for the type-aware pass, not a crash', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-deep-tsconfig-'));
  try {
    const deep = 10_000;
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), `{"compilerOptions": {"target": "es2022"}, "x": ${'['.repeat(deep)}${']'.repeat(deep)}}`);
    fs.writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    const index = new WorkspaceIndex(dir, mergeSettings({}, {}), (rule, file, e) => { throw new Error(`${rule} threw on ${file}: ${e}`); });
    await index.scan();
    const problems: string[] = [];
    timed('deep tsconfig', () => index.checkTypes((file, message) => problems.push(`${path.basename(file)}: ${message}`)));
    assert.ok(problems.some((p) => p.startsWith('tsconfig.json: ')), JSON.stringify(problems));
    checkFacts(index.facts);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ----- Dockerfiles -----

const dockerfiles = corpus.filter((f) => /^Dockerfile/.test(f.rel)).map((f) => f.text);
const dockerMutation = mutations(['FROM ', 'FROM python:3.12-slim AS app\n', 'HEALTHCHECK ', 'HEALTHCHECK NONE\n', 'CMD ', 'ENTRYPOINT ', 'EXPOSE ', 'ARG ', 'ONBUILD ',
  '[', ']', '"', "'", '\\\n', '\\', '${', '--interval=5s ', 'http://localhost:', '\t', '\r', '\r\n', '\0', '\uFEFF', '#', '# escape=`\n', '`', 'é😀']);

function insideText(range: Range, lines: LineIndex): boolean {
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length;
  return ok(range.start) && ok(range.end);
}

/** One index with a FastAPI app and a health route: the Dockerfile rules (project rules) run on each Dockerfile. */
const ROOT = '/p';
let index: ReturnType<typeof indexOf>;
function checkDockerfile(text: string): void {
  const lines = new LineIndex(text);
  const summary = timed('Dockerfile summary', () => summarizeDockerfile(text));
  for (const r of [summary.finalFrom, summary.healthcheck, summary.healthcheckUrl?.range]) if (r) assert.ok(insideText(r, lines), `summary range outside: ${JSON.stringify(r)}`);
  assert.ok(summary.insertLine >= 0 && summary.insertLine <= lines.lineCount, `insertLine ${summary.insertLine}`);
  index ??= indexOf(ROOT, new Map([[`${ROOT}/app/main.py`, 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {}\n']]));
  const file = `${ROOT}/Dockerfile`;
  const findings = timed('Dockerfile rules', () => { index.update(file, text); return index.findingsFor(file); });
  assertInsideDocument(findings, file, text);
}

test('Dockerfiles: random edits never throw; summary ranges, findings and fix edits lie inside the document', () => {
  assert.ok(dockerfiles.length >= 8, `only ${dockerfiles.length} Dockerfiles`);
  fc.assert(fc.property(fc.nat({ max: dockerfiles.length - 1 }), fc.array(dockerMutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
    checkDockerfile(mutate(dockerfiles[i], ms));
  }), { numRuns: 300, seed: SEED });
});

test('Dockerfiles: BOM, CRLF, mixed endings and tabs keep the findings on the same lines; odd files never throw', () => {
  const at = (text: string) => { index.update(`${ROOT}/Dockerfile`, text); return index.findingsFor(`${ROOT}/Dockerfile`).map((f) => `${f.rule}@${f.range.start.line}`).sort(); };
  let compared = 0;
  for (const text of dockerfiles) {
    checkDockerfile(text);
    const expected = at(text);
    compared += expected.length;
    for (const [name, variant] of ENCODING_VARIANTS) {
      checkDockerfile(variant(text));
      assert.deepEqual(at(variant(text)), expected, `Dockerfile with ${name}:\n${text}`);
    }
  }
  assert.ok(compared > 0, 'no Dockerfile had a finding to compare');
  for (const text of [...ODD_TEXTS, `FROM python:3.12\nRUN ${'a \\\n'.repeat(10_000)}\nCMD uvicorn main:app\n`, `${'FROM python:3.12 AS s\n'.repeat(5_000)}CMD uvicorn main:app\n`]) checkDockerfile(text);
});

// ----- Kubernetes manifests -----

const manifests = (() => {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full); else if (/\.ya?ml$/.test(e.name)) out.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(FIXTURES, 'rules'));
  return out;
})();
const yamlMutation = mutations(['kind: Deployment\n', 'apiVersion: v1\n', '- name: x\n', 'containers:\n', 'httpGet:', 'path: ', 'port: ', '{', '}', '[', ']', ':', '- ', '---\n',
  '&a ', '*a', '<<: *a', '!!binary ', '"', "'", '|', '>', '\t', '\r', '\r\n', '\0', '\uFEFF', '#', '{{ .Values.x }}', 'é😀']);

test('Kubernetes manifests and compose files: random edits never throw; probe and container ranges, findings and fix edits lie inside the document', () => {
  assert.ok(manifests.length >= 6, `only ${manifests.length} manifests`);
  const root = '/k';
  const manifestIndex = indexOf(root, new Map([[`${root}/main.py`, 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {}\n']]));
  fc.assert(fc.property(fc.nat({ max: manifests.length - 1 }), fc.array(yamlMutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
    const text = mutate(manifests[i], ms);
    const lines = new LineIndex(text);
    const summary = timed('manifest summary', () => summarizeManifest(text));
    const compose = timed('compose summary', () => summarizeCompose(text));
    for (const h of compose?.healthchecks ?? []) assert.ok(insideText(h.url.range, lines), `compose range outside: ${JSON.stringify(h.url.range)}`);
    for (const c of summary?.workloads.flatMap((w) => w.containers) ?? []) {
      for (const r of [c.range, ...c.probes.flatMap((p) => [p.path?.range, p.port?.range])]) if (r) assert.ok(insideText(r, lines), `range outside: ${JSON.stringify(r)}`);
      assert.ok(insideText({ start: c.insertAt, end: c.insertAt }, lines), `insertAt ${JSON.stringify(c.insertAt)}`);
    }
    const file = `${root}/deploy.yaml`;
    const findings = timed('manifest rules', () => { manifestIndex.update(file, text); return manifestIndex.findingsFor(file); });
    assertInsideDocument(findings, file, text);
  }), { numRuns: 300, seed: SEED });
  for (const text of [...ODD_TEXTS, '\n'.repeat(200_000), `apiVersion: v1\n${'\n'.repeat(200_000)}kind: Pod\n`, `${'- '.repeat(10_000)}x\n`, `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, `apiVersion: v1\nkind: Pod\n${'x: &a [*a]\n'}`]) {
    timed('odd manifest', () => { summarizeManifest(text); summarizeCompose(`services:\n  api:\n    healthcheck:\n      test: ${text}\n`); });
  }
});
