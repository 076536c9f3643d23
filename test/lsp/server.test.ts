// The language server over stdio, as an editor uses it: workspace scan with progress, diagnostics as
// you type, quick fixes, fix-all, cross-file updates, the checklist request and the report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { REPO, TestClient } from './client';
import { applyTextEdits } from '../../server/src/engine/text';

let root: string;
let client: TestClient;
/** The text of svc/main.py as the server has it (kept in step with what the tests send). */
let openText = '';
const file = (rel: string) => path.join(root, rel);
const uri = (rel: string) => URI.file(file(rel)).toString();
const rules = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-'));
  fs.cpSync(path.join(REPO, 'test/fixtures/projects/fastapi-basic'), root, { recursive: true });
  client = new TestClient({ enable: true, scope: 'workspace', exclude: [], rules: {}, python: { targetVersion: '' } });
  await client.initialize(root);
});
after(async () => {
  await client.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('start-up scan publishes diagnostics for files that are not open, reported with $/progress', async () => {
  await client.until(() => client.diagnosticsOf(file('svc/settings.py')).length > 0, 'settings.py diagnostics');
  assert.deepEqual(rules(client.diagnosticsOf(file('svc/settings.py'))), ['secret-default']);
  assert.deepEqual(rules(client.diagnosticsOf(file('svc/main.py'))), ['broad-except', 'datetime-utcnow', 'deprecated-typing-alias', 'missing-health-route']);
  const kinds = client.progress.map((p: any) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds[kinds.length - 1], 'end');
  const d = client.diagnosticsOf(file('svc/main.py')).find((x) => x.code === 'datetime-utcnow')!;
  assert.equal(d.source, 'readiness');
  assert.deepEqual(d.tags, [2], 'DiagnosticTag.Deprecated (strikethrough)');
  assert.match(d.codeDescription!.href, /docs\/rules\/datetime-utcnow\.md$/);
});

test('opening and typing re-checks the open file with its version', async () => {
  const text = fs.readFileSync(file('svc/main.py'), 'utf8');
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('svc/main.py'), languageId: 'python', version: 1, text } });
  await client.until(() => client.diagnostics.get(uri('svc/main.py'))?.version === 1, 'diagnostics for version 1');
  // Type a second utcnow() call at the end of the file, one character at a time (incremental sync).
  const lines = text.split('\n');
  const line = lines.length - 1;
  const typed = 'x = datetime.utcnow()\n';
  for (let i = 0; i < typed.length; i++) {
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('svc/main.py'), version: 2 + i },
      contentChanges: [{ range: { start: { line, character: i }, end: { line, character: i } }, text: typed[i] }],
    });
  }
  const last = 1 + typed.length;
  openText = [...lines.slice(0, line), typed + lines[line]].join('\n');
  const published = await client.until(() => {
    const p = client.diagnostics.get(uri('svc/main.py'));
    return p?.version === last ? p : undefined;
  }, `diagnostics for version ${last}`);
  assert.equal(published.diagnostics.filter((d) => d.code === 'datetime-utcnow').length, 2);
});

test('quick fixes: the rule fix (preferred), ignore on this line, show documentation', async () => {
  const d = client.diagnosticsOf(file('svc/main.py')).find((x) => x.code === 'broad-except')!;
  const actions = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri('svc/main.py') }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
  }) as CodeAction[];
  assert.deepEqual(actions.map((a) => a.title), [
    'Catch only `json.JSONDecodeError`, `OSError`',
    'Re-raise the exception after handling it',
    'Ignore broad-except on this line',
    'Show documentation for broad-except',
  ]);
  assert.equal(actions[0].isPreferred, true);
  const edits = actions[0].edit!.changes![uri('svc/main.py')];
  assert.deepEqual(edits.map((e) => e.newText), ['(json.JSONDecodeError, OSError)']);
  assert.equal(actions[3].command!.command, 'readiness.openRuleDocumentation');
  assert.deepEqual(actions[3].command!.arguments, ['broad-except']);
});

test('source.fixAll.readiness applies safe fixes only', async () => {
  const actions = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri('svc/main.py') }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.readiness'] },
  }) as CodeAction[];
  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, 'source.fixAll.readiness');
  const fixed = applyTextEdits(openText, actions[0].edit!.changes![uri('svc/main.py')]);
  assert.match(fixed, /def events\(\) -> list\[dict\]:/);
  assert.doesNotMatch(fixed, /from typing import List/);
  assert.match(fixed, /except Exception:/, 'unsafe fixes are not part of fix-all');
  assert.match(fixed, /datetime\.utcnow\(\)/, 'unsafe fixes are not part of fix-all');
});

test('the health fix creates a module and edits the app in one workspace edit', async () => {
  const d = client.diagnosticsOf(file('svc/main.py')).find((x) => x.code === 'missing-health-route')!;
  const actions = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri('svc/main.py') }, range: d.range, context: { diagnostics: [d] },
  }) as CodeAction[];
  const fix = actions.find((a) => a.isPreferred)!;
  assert.match(fix.title, /creates health\.py/);
  const changes = fix.edit!.documentChanges as any[];
  assert.deepEqual(changes[0], { kind: 'create', uri: uri('svc/health.py'), options: { ignoreIfExists: true } });
  assert.equal(changes[1].textDocument.uri, uri('svc/health.py'));
  assert.equal(changes[2].textDocument.uri, uri('svc/main.py'));
});

test('a health router defined in another module counts once the app includes it; the checklist follows', async () => {
  const before = client.checklistChanges;
  const healthText = 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/health")\n\n\n@router.get("/live")\ndef live():\n    return {"ok": True}\n';
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('svc/probes.py'), languageId: 'python', version: 1, text: healthText } });
  // Defined but not included: still missing, and the message points at the orphan route.
  const orphan = await client.until(() => client.diagnosticsOf(file('svc/main.py')).find((d) => d.code === 'missing-health-route' && /never included/.test(d.message)), 'orphan message');
  assert.match(orphan.message, /`\/health\/live` is defined in svc\/probes\.py:6/);
  // Include it from main.py (typed into the open document).
  const wiring = 'from svc.probes import router as probes_router\napp.include_router(probes_router)\n';
  const line = openText.split('\n').length - 1;
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri('svc/main.py'), version: 100 },
    contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: wiring }],
  });
  openText += wiring;
  await client.until(() => !client.diagnosticsOf(file('svc/main.py')).some((d) => d.code === 'missing-health-route'), 'missing-health-route to clear');
  await client.until(() => client.checklistChanges > before, 'checklistChanged notification');
  const result = await client.connection.sendRequest('readiness/checklist') as any;
  assert.equal(result.folders.length, 1);
  const health = result.folders[0].items.find((i: any) => i.id === 'health.routes');
  assert.equal(health.status, 'pass');
  assert.equal(typeof result.folders[0].score, 'number');
  const secrets = result.folders[0].items.find((i: any) => i.id === 'secrets.no-defaults');
  assert.equal(secrets.status, 'fail');
  assert.equal(secrets.evidence[0].uri, uri('svc/settings.py'));
});

test('the Markdown report request returns the same score as the checklist', async () => {
  const checklist = await client.connection.sendRequest('readiness/checklist') as any;
  const report = await client.connection.sendRequest('readiness/report', { folderUri: URI.file(root).toString() }) as any;
  assert.match(report.markdown, new RegExp(`Readiness score: ${checklist.folders[0].score}%`));
  assert.doesNotMatch(report.markdown, /change-me-in-production/);
});

test('closing a file re-reads it from disk and keeps workspace diagnostics', async () => {
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('svc/probes.py') } });
  // probes.py does not exist on disk: the included router is gone, so the app is flagged again.
  await client.until(() => client.diagnosticsOf(file('svc/main.py')).some((d) => d.code === 'missing-health-route'), 'missing-health-route back');
});

test('an open file over readiness.maxFileSizeKb is not analysed, and says so', async () => {
  const big = `import json\n\ntry:\n    json.loads("")\nexcept Exception:\n    pass\n${'x = 1\n'.repeat(200_000)}`;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('svc/generated.py'), languageId: 'python', version: 1, text: big } });
  const published = await client.until(() => client.diagnostics.get(uri('svc/generated.py')), 'diagnostics for the big file');
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['file-too-large']);
  assert.match(published.diagnostics[0].message, /larger than 1024 KB/);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('svc/generated.py') } });
});
