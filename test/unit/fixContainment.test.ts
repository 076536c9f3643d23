// Fixes create and edit files only inside the workspace (issue 8): every fix offered on examples/, the
// fixture projects and the rule fixtures stays under its root, and where fixes are applied (the CLI's
// fixProject, the server's code actions) a fix that would reach outside is refused.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceIndex } from '../../server/src/engine/workspaceIndex';
import { mergeSettings, readProjectConfig } from '../../server/src/engine/config';
import { fixProject, insideRoot } from '../../server/src/engine/fixes';
import type { Finding, Fix } from '../../server/src/engine/types';
import { codeActions } from '../../server/src/lsp/codeActions';
import { fileToUri } from '../../server/src/lsp/convert';
import { FIXTURES, REPO, fixtureProjects, indexOf, projectInputs, ready } from './harness';
import fs from 'node:fs';

before(ready);

/** Every file a fix touches lies under the root; returns how many fixes and how many multi-file ones were seen. */
function assertFixesInside(root: string, findings: Finding[]): { fixes: number; multiFile: number } {
  let fixes = 0;
  let multiFile = 0;
  for (const f of findings) for (const fix of f.fixes) {
    fixes++;
    if (fix.edits.length > 1 || fix.edits.some((e) => e.create)) multiFile++;
    for (const fe of fix.edits) assert.ok(insideRoot(root, fe.file), `${f.rule}: "${fix.title}" touches ${fe.file}, outside ${root}`);
  }
  return { fixes, multiFile };
}

test('every fix offered on examples/ and the fixture projects touches only files under the project root', async () => {
  const roots = [path.join(REPO, 'examples'), ...fs.readdirSync(path.join(FIXTURES, 'projects')).map((p) => path.join(FIXTURES, 'projects', p))];
  let total = { fixes: 0, multiFile: 0 };
  for (const root of roots) {
    // as the CLI does: the project config, a disk scan, then the type-aware pass
    const index = new WorkspaceIndex(root, mergeSettings(readProjectConfig(root).settings, {}), (rule, file, e) => { throw new Error(`${rule} threw on ${file}: ${e}`); });
    await index.scan();
    index.checkTypes();
    const seen = assertFixesInside(root, index.allFindings());
    total = { fixes: total.fixes + seen.fixes, multiFile: total.multiFile + seen.multiFile };
  }
  assert.ok(total.fixes > 20 && total.multiFile > 0, `only ${total.fixes} fixes, ${total.multiFile} multi-file`);
});

test('every fix offered on the rule fixtures touches only files under the fixture folder', () => {
  let total = { fixes: 0, multiFile: 0 };
  for (const dir of fixtureProjects(path.join(FIXTURES, 'rules'))) {
    const index = indexOf(dir, new Map(projectInputs(dir).map((f) => [f, fs.readFileSync(f, 'utf8')])));
    const seen = assertFixesInside(dir, index.allFindings());
    total = { fixes: total.fixes + seen.fixes, multiFile: total.multiFile + seen.multiFile };
  }
  assert.ok(total.fixes > 100 && total.multiFile > 0, `only ${total.fixes} fixes, ${total.multiFile} multi-file`);
});

const ROOT = path.resolve('/ws/project');
const APP = path.join(ROOT, 'app', 'main.py');
const TEXT = 'app = 1\n';
const at0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
/** A fix that creates `target` and adds an import to the app file. */
const creating = (target: string): Fix => ({
  title: `create ${target}`, safety: 'safe', preferred: true,
  edits: [{ file: target, create: true, edits: [{ range: at0, newText: 'x = 1\n' }] }, { file: APP, edits: [{ range: at0, newText: '# wired\n' }] }],
});
const editing = (target: string): Fix => ({ title: `edit ${target}`, safety: 'safe', edits: [{ file: target, edits: [{ range: at0, newText: '# edited\n' }] }] });
const finding = (fix: Fix, line = 0): Finding => ({
  rule: 'missing-health-route', family: 'health', severity: 'warning', file: APP, message: 'm', fixes: [fix],
  range: { start: { line, character: 0 }, end: { line, character: 3 } },
});
const OUTSIDE = [path.resolve(ROOT, '..', 'elsewhere', 'health.py'), path.resolve(ROOT, '..', '..', 'etc', 'cron.d', 'x'), path.resolve('/tmp/health.py'), path.resolve(`${ROOT}-sibling`, 'health.py'), ROOT];

test('fixProject (what `readiness check --fix` writes) refuses fixes that would create or edit files outside the root', () => {
  for (const target of OUTSIDE) {
    for (const fix of [creating(target), editing(target)]) {
      const index = { root: ROOT, allFindings: () => [finding(fix)], update: () => undefined } as unknown as WorkspaceIndex;
      const { texts, applied } = fixProject(index, { wanted: 'safe', readText: (f) => (f === APP || f === target ? TEXT : undefined) });
      assert.equal(applied, 0, `${fix.title} was applied`);
      assert.deepEqual([...texts.keys()], []);
    }
  }
  // the same fix with its target inside the root lands: the refusal above is about the path
  const inside = path.join(ROOT, 'app', 'health.py');
  const index = { root: ROOT, allFindings: () => [finding(creating(inside))], update: () => undefined } as unknown as WorkspaceIndex;
  const { texts } = fixProject(index, { wanted: 'safe', readText: (f) => (f === APP ? TEXT : undefined) });
  assert.deepEqual([...texts.keys()].sort(), [APP, inside].sort());
});

test('code actions never offer a fix that would create or edit a file outside the workspace folder', () => {
  const document = TextDocument.create(fileToUri(APP), 'python', 1, TEXT);
  const inside = creating(path.join(ROOT, 'app', 'health.py'));
  const f = { ...finding(inside), fixes: [inside, ...OUTSIDE.flatMap((t) => [creating(t), editing(t)])] };
  const diagnostic = { range: f.range, code: f.rule, source: 'readiness', severity: DiagnosticSeverity.Warning, message: 'm' };
  const actions = codeActions({ textDocument: { uri: document.uri }, range: f.range, context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] } }, {
    document, findings: [f], analyze: () => [],
    readText: () => TEXT, // every file "exists": only the path check can refuse the edits
    insideWorkspace: (file) => insideRoot(ROOT, file),
  });
  const titles = actions.map((a) => a.title).filter((t) => t.startsWith('create') || t.startsWith('edit'));
  assert.deepEqual(titles, [inside.title]);
});
