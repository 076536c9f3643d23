// A file opened before the server has set up its workspace folder (the editor restores open tabs at once;
// the folder waits on the settings round-trip). It is first checked on its own, then the workspace folder
// owns it: its diagnostics and quick fixes use the project's facts (Python 3.11 here: `datetime.UTC`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-early-open-'));
const file = path.join(root, 'app', 'routers', 'orders.py');
const uri = URI.file(file).toString();
const text = 'from datetime import datetime\n\n\ndef stamp():\n    return datetime.utcnow()\n';
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "orders"\nrequires-python = ">=3.11"\n');
fs.writeFileSync(file, text);
let client: TestClient | undefined;
after(async () => {
  await client?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('a file opened before its workspace folder is set up ends up with the project\'s facts', async () => {
  client = new TestClient();
  // the settings answer comes late, as from a busy editor: the open file is validated before its folder exists
  client.connection.onRequest('workspace/configuration', async (p: { items: unknown[] }) => {
    await new Promise((r) => setTimeout(r, 700));
    return p.items.map(() => ({ enable: true, scope: 'workspace' }));
  });
  await client.initialize(root);
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  await client.until(() => client!.logs.some((l) => l.startsWith('scanned ')), 'the scan', 30_000);
  // typing after the scan: the file is analysed by whichever index owns it now
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\n' }],
  });
  await client.until(() => client!.diagnostics.get(uri)?.version === 2, 'diagnostics of version 2');
  await new Promise((r) => setTimeout(r, 400)); // and the project refresh after typing pauses
  const utcnow = await client.until(() => client!.diagnosticsOf(file).find((d) => d.code === 'datetime-utcnow'), 'the finding');
  const actions = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: utcnow.range, context: { diagnostics: [utcnow] },
  }) as CodeAction[];
  const titles = actions.map((a) => a.title);
  assert.ok(titles.some((t) => /now\(UTC\)/.test(t)), titles.join(' | '));
  assert.ok(!titles.some((t) => /timezone\.utc/.test(t)), titles.join(' | '));
});
