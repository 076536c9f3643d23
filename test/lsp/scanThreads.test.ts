// The language server's workspace scan on a worker thread (workspaces over 256 KB): the files it
// analysed get their diagnostics, and a file typed in during the scan keeps the diagnostics of the
// editor's text, not those of the disk text the worker read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { REPO, TestClient } from './client';

let root: string;
let client: TestClient;
const file = (rel: string) => path.join(root, rel);
const uri = (rel: string) => URI.file(file(rel)).toString();

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-threads-'));
  fs.cpSync(path.join(REPO, 'test/fixtures/projects/fastapi-basic'), root, { recursive: true });
  fs.mkdirSync(file('svc/jobs'));
  for (let i = 0; i < 200; i++) {
    const body = ['import json', ''];
    for (let f = 0; f < 20; f++) body.push(`def job_${f}(payload):`, '    try:', '        return json.loads(payload)', '    except Exception:', '        return None', '');
    fs.writeFileSync(file(`svc/jobs/job_${i}.py`), body.join('\n'));
  }
});
after(async () => {
  await client?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('a 300 KB workspace is scanned on a worker thread; an edit made meanwhile wins over the disk text', async () => {
  client = new TestClient({ enable: true, scope: 'workspace' });
  await client.initialize(root);
  // open and edit main.py while the scan runs: the disk text has one utcnow() call, the editor's has none
  const disk = fs.readFileSync(file('svc/main.py'), 'utf8');
  assert.equal(disk.match(/utcnow\(\)/g)?.length, 1);
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('svc/main.py'), languageId: 'python', version: 1, text: disk } });
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri('svc/main.py'), version: 2 }, contentChanges: [{ text: disk.replace('datetime.utcnow()', 'datetime.now(UTC)') }],
  });
  const log = await client.until(() => client.logs.find((l) => l.startsWith('scanned ')), 'the scan', 60_000);
  assert.match(log, /\(on \d+ worker threads?\)$/);
  await client.until(() => client.diagnosticsOf(file('svc/jobs/job_199.py')).length === 20, 'diagnostics of the last generated file', 30_000);
  assert.ok(client.diagnosticsOf(file('svc/jobs/job_0.py')).every((d) => d.code === 'broad-except'));
  const main = await client.until(() => {
    const p = client.diagnostics.get(uri('svc/main.py'));
    return p?.version === 2 && client.logs.some((l) => l.startsWith('scanned ')) ? p : undefined;
  }, 'main.py at version 2');
  assert.ok(!main.diagnostics.some((d) => d.code === 'datetime-utcnow'), 'the edited text, not the disk text');
  assert.ok(main.diagnostics.some((d) => d.code === 'broad-except'));
});
