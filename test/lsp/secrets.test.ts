// No secret leaves the server unmasked (issue 8): with secrets of every detected kind planted in Python
// and TS/JS files, nothing the server sends — diagnostics, code-action titles and edits' titles, the
// checklist, the Markdown report, $/progress, the log (the output channel) — contains any 8 characters of
// one. The trace channel shows exactly these server messages (plus the editor's own file contents).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

// assembled at run time, so the repository holds no token-shaped strings
const PLANTED = {
  aws: 'AKIA' + 'Q7RZ4XW2LMN5TBVC', github: 'ghp_' + 'R4nd0mL00k1ngT0k3nW1thEnough3ntr0py9X', stripe: 'sk_live_' + '51Hq8Zr2xLmN4pT6vW9yB1cD3eF5gH7j',
  slack: 'xoxb-' + '2048-9137-Qm7Rt2LxZp4Wv8Ny', pydanticDefault: 'dev-' + 'Zr2xLmN4pT6vW9yB', envFallback: 'fb-' + 'Q2mW7Rt5zCv8',
  dbPassword: 'Tr0ub4dor' + '-3xkcd-77', tsPassword: 'Hq7-' + 'Lm2x9Pw4Kd',
};

let root: string;
let client: TestClient;
const uri = (rel: string) => URI.file(path.join(root, rel)).toString();

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-secrets-'));
  const write = (rel: string, text: string) => { fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true }); fs.writeFileSync(path.join(root, rel), text); };
  write('requirements.txt', 'fastapi==0.115.0\npydantic-settings==2.6.1\n');
  write('app/settings.py', [
    'from pydantic_settings import BaseSettings', '', '',
    'class Settings(BaseSettings):',
    `    secret_key: str = "${PLANTED.pydanticDefault}"`,
    `    database_url: str = "postgresql://orders:${PLANTED.dbPassword}@db:5432/orders"`, '',
  ].join('\n'));
  write('app/clients.py', [`AWS_ACCESS_KEY_ID = "${PLANTED.aws}"`, `GITHUB_TOKEN = "${PLANTED.github}"`, `SLACK_BOT_TOKEN = "${PLANTED.slack}"`, ''].join('\n'));
  write('svc/package.json', '{ "dependencies": { "express": "^4.19.0" } }');
  write('svc/config.ts', [
    `export const stripeKey = '${PLANTED.stripe}';`,
    `export const JWT_SECRET = process.env.JWT_SECRET || '${PLANTED.envFallback}';`,
    `export const smtp = { password: '${PLANTED.tsPassword}' };`, '',
  ].join('\n'));
  client = new TestClient({ enable: true, scope: 'workspace' });
  await client.initialize(root);
  await client.until(() => client.diagnostics.get(uri('svc/config.ts'))?.diagnostics.length, 'the start-up scan');
});
after(async () => {
  await client.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('planted secrets of every kind: none appears in anything the server sends', async () => {
  const sent: unknown[] = [...client.published, ...client.progress, ...client.logs];
  // every quick fix offered on every finding (titles and edits' text)
  for (const params of client.diagnostics.values()) {
    for (const d of params.diagnostics) {
      sent.push(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: params.uri }, range: d.range, context: { diagnostics: [d] } }) as CodeAction[]);
    }
  }
  sent.push(await client.connection.sendRequest('readiness/checklist'));
  sent.push(await client.connection.sendRequest('readiness/report', { folderUri: URI.file(root).toString() }));
  const text = JSON.stringify(sent);
  // the findings are there (masked), or this test would pass by saying nothing
  const rules = new Set([...client.diagnostics.values()].flatMap((p) => p.diagnostics.map((d) => String(d.code))));
  for (const rule of ['hardcoded-secret', 'secret-default', 'env-secret-default']) assert.ok(rules.has(rule), `${rule} reported (got ${[...rules].join(', ')})`);
  assert.match(text, /… \(\d+ chars\)/, 'masked values are shown');
  for (const [kind, value] of Object.entries(PLANTED)) {
    for (let i = 0; i + 8 <= value.length; i++) {
      assert.ok(!text.includes(value.slice(i, i + 8)), `${kind}: "${value.slice(i, i + 8)}…" leaked`);
    }
  }
});
