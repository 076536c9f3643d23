// Rule fixtures: every test/fixtures/rules/<rule-id>/ folder (and each sub-folder) is a small project.
// Asserts the exact set of (rule, range) findings from caret markers, the fixed output against
// `<name>.fixed.py` / `.fixed.ts` / `<name>.created.py`, that fixed files parse, that fixed findings are gone, and
// that fixing again changes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, cpythonCompileErrors, createdPath, fixedPath, fixtureProjects, indexOf, projectInputs, readMarkers, ready, stripMarkers } from './harness';
import { fixProject, syntaxErrorCount } from '../../server/src/engine/fixes';
import { ALL_RULES, TYPED_SCRIPT_RULES } from '../../server/src/engine/rules/index';

before(ready);

for (const meta of ALL_RULES) {
  const ruleDir = path.join(FIXTURES, 'rules', meta.id);
  if (!fs.existsSync(ruleDir)) continue; // the meta test reports missing folders
  for (const project of fixtureProjects(ruleDir)) {
    const name = `${meta.id}: ${path.relative(ruleDir, project) || '.'}`;
    test(name, () => {
      const raw = new Map(projectInputs(project).map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const texts = new Map([...raw].map(([f, t]) => [f, stripMarkers(t)]));
      const types = TYPED_SCRIPT_RULES.some((r) => r.meta.id === meta.id);
      const index = indexOf(project, texts, {}, { types });

      // 1. exactly the marked findings of this rule
      const expected = [...raw].flatMap(([file, t]) => readMarkers(t).map((m) => `${path.basename(file)}:${m.line + 1}:${m.start}-${m.end} ${m.rule}`)).sort();
      const actual = index.allFindings().filter((f) => f.rule === meta.id).map((f) => {
        const end = f.range.end.line === f.range.start.line ? f.range.end.character
          : texts.get(f.file)!.split(/\r?\n/)[f.range.start.line].length; // multi-line spans: carets run to the line end
        return `${path.basename(f.file)}:${f.range.start.line + 1}:${f.range.start.character}-${end} ${f.rule}`;
      }).sort();
      assert.deepEqual(actual, expected);

      // 2. applying every fix of the rule gives the expected files
      const readText = (f: string) => texts.get(f);
      const { texts: fixed } = fixProject(index, { wanted: 'unsafe', rules: new Set([meta.id]), readText });
      for (const file of texts.keys()) {
        const expectedFile = fixedPath(file);
        const result = fixed.get(file) ?? texts.get(file)!;
        // WRITE_FIXED=1 writes the expected output of a new fixture (review it by hand before committing)
        if (process.env.WRITE_FIXED && result !== texts.get(file) && !fs.existsSync(expectedFile)) fs.writeFileSync(expectedFile, result);
        if (fs.existsSync(expectedFile)) assert.equal(result, fs.readFileSync(expectedFile, 'utf8'), `fixed ${path.basename(file)}`);
        else assert.equal(result, texts.get(file), `${path.basename(file)} changed but has no ${path.basename(expectedFile)}`);
      }
      for (const [file, text] of fixed) {
        if (texts.has(file)) continue;
        const expectedFile = createdPath(file);
        if (process.env.WRITE_FIXED && !fs.existsSync(expectedFile)) fs.writeFileSync(expectedFile, text);
        assert.ok(fs.existsSync(expectedFile), `fix created ${path.basename(file)}; expected it in ${path.basename(expectedFile)}`);
        assert.equal(text, fs.readFileSync(expectedFile, 'utf8'), `created ${path.basename(file)}`);
      }

      // 3. fixed files parse with no more errors than before, and findings with fixes are gone
      const after = new Map([...texts, ...fixed]);
      for (const [file, text] of after) {
        assert.ok(syntaxErrorCount(file, text) <= syntaxErrorCount(file, texts.get(file) ?? ''), `${path.basename(file)} no longer parses`);
      }
      // CPython agrees (where python3 exists): the fixed files compile unless their input did not.
      const brokenBefore = new Set(cpythonCompileErrors(texts).map((e) => e.split(':')[0]));
      const broken = cpythonCompileErrors(new Map([...fixed].filter(([f]) => !brokenBefore.has(path.basename(f)))));
      assert.deepEqual(broken, [], 'fixed files CPython cannot compile');
      const reindexed = indexOf(project, after, {}, { types });
      const remaining = reindexed.allFindings().filter((f) => f.rule === meta.id);
      assert.ok(remaining.every((f) => f.fixes.every((x) => x.safety === 'display-only')),
        `findings with fixes remain: ${remaining.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1}`).join(', ')}`);

      // 4. idempotent
      const again = fixProject(reindexed, { wanted: 'unsafe', rules: new Set([meta.id]), readText: (f) => after.get(f) });
      assert.equal(again.texts.size, 0, 'fixing twice changed something');
    });
  }
}
