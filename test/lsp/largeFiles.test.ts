// 20 MB files through the server (issue 8): files over readiness.maxFileSizeKb (default 1024 KB) are not
// analysed and say so with an informational diagnostic, whether opened in the editor or met by the
// workspace scan; the server stays responsive to the files around them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const MB20 = 20 * 1024 * 1024;
/** Generated-looking code with findings in every block, repeated to the size. */
const bigText = (block: string) => block.repeat(Math.ceil(MB20 / block.length));
const BIG_PY = bigText('try:\n    x = compute()\nexcept Exception:\n    pass\nvalue_0001 = datetime.utcnow()\n');
const BIG_TS = bigText('export const v0001 = JSON.parse(input);\ntry { run(); } catch (e) {}\n');
const SMALL_PY = 'try:\n    x = 1\nexcept Exception:\n    pass\n';

let root: string;
let client: TestClient;
const file = (rel: string) => path.join(root, rel);
const uri = (rel: string) => URI.file(file(rel)).toString();
const tooLarge = (p: PublishDiagnosticsParams | undefined) => p?.diagnostics.length === 1 && p.diagnostics[0].code === 'file-too-large' ? p : undefined;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-large-'));
  fs.writeFileSync(file('app.py'), SMALL_PY);
  fs.writeFileSync(file('generated.py'), BIG_PY); // on disk: met by the start-up scan
  client = new TestClient({ enable: true, scope: 'workspace' });
  await client.initialize(root);
  await client.until(() => client.logs.some((l) => l.startsWith('scanned ')), 'the start-up scan', 60_000);
});
after(async () => {
  await client.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('the workspace scan skips a 20 MB file on disk: a log line and an informational diagnostic on it, the rest analysed', async () => {
  assert.ok(client.logs.includes('skipped generated.py: larger than 1024 KB (readiness.maxFileSizeKb)'), client.logs.join('\n'));
  const notice = await client.until(() => tooLarge(client.diagnostics.get(uri('generated.py'))), 'the note on generated.py');
  assert.equal(notice.diagnostics[0].severity, 3, 'Information');
  assert.match(notice.diagnostics[0].message, /^Not analysed: this file is larger than 1024 KB \(setting readiness\.maxFileSizeKb\)\.$/);
  const app = await client.until(() => client.diagnostics.get(uri('app.py')), 'app.py diagnostics');
  assert.deepEqual(app.diagnostics.map((d) => d.code), ['broad-except']);
});

test('didOpen of a 20 MB Python and a 20 MB TS file: a "not analysed" note each; a small file opened next gets diagnostics within 5 s', async () => {
  const opened = Date.now();
  for (const [rel, languageId, text] of [['big.py', 'python', BIG_PY], ['big.ts', 'typescript', BIG_TS]]) {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId, version: 1, text } });
  }
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('small.py'), languageId: 'python', version: 1, text: SMALL_PY } });
  for (const rel of ['big.py', 'big.ts']) {
    const p = await client.until(() => tooLarge(client.diagnostics.get(uri(rel))), `the note on ${rel}`, 30_000);
    assert.equal(p.version, 1);
    assert.equal(p.diagnostics[0].severity, 3, 'Information');
    assert.match(p.diagnostics[0].message, /readiness\.maxFileSizeKb/);
  }
  const small = await client.until(() => client.diagnostics.get(uri('small.py')), 'small.py diagnostics', 30_000);
  const took = Date.now() - opened;
  console.log(`# two 20 MB files and a small one opened: small file's diagnostics after ${took} ms`);
  assert.deepEqual(small.diagnostics.map((d) => d.code), ['broad-except']);
  assert.ok(took < 5_000, `the small file waited ${took} ms`);
});

test('a rescan with the 20 MB files still open and on disk analyses neither: the notes stay and it completes quickly', async () => {
  const before = client.published.length;
  const started = Date.now();
  await client.connection.sendRequest('readiness/rescan');
  await client.until(() => client.logs.filter((l) => l.startsWith('scanned ')).length >= 2, 'the rescan');
  const took = Date.now() - started;
  const since = client.published.slice(before);
  for (const rel of ['big.py', 'big.ts', 'generated.py']) {
    const mine = since.filter((p) => p.uri === uri(rel));
    assert.ok(mine.every((p) => tooLarge(p)), `${rel} got findings: ${JSON.stringify(mine.map((p) => p.diagnostics.map((d) => d.code)))}`);
    assert.ok(tooLarge(client.diagnostics.get(uri(rel))), `${rel} lost its note`);
  }
  assert.ok(took < 10_000, `the rescan took ${took} ms`);
});

test('closing an open 20 MB file that is also on disk keeps the note: the disk copy is not read and analysed', async () => {
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('generated.py'), languageId: 'python', version: 7, text: BIG_PY } });
  await client.until(() => client.diagnostics.get(uri('generated.py'))?.version === 7, 'the note on the open file');
  const before = client.published.length;
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('generated.py') } });
  const after = await client.until(() => client.published.slice(before).find((p) => p.uri === uri('generated.py')), 'diagnostics after the close');
  assert.ok(tooLarge(after), `got ${JSON.stringify(after.diagnostics.map((d) => d.code))}`);
  assert.equal(after.version, undefined, 'from the disk copy, not the closed buffer');
});
