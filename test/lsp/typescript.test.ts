// TS/JS through the language server: syntax-only rules on every change, the type-aware pass (deprecated
// APIs) in the worker thread arriving afterwards without holding the syntax-only diagnostics back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { applyTextEdits } from '../../server/src/engine/text';

let root: string;
let client: TestClient;
const file = (rel: string) => path.join(root, rel);
const uri = (rel: string) => URI.file(file(rel)).toString();
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

const SERVICE = `import { formatPrice } from './legacy';

export async function load(sku: string): Promise<string | null> {
  try {
    return formatPrice(Number(sku.substr(1)));
  } catch (e) {}
  return null;
}
`;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-ts-'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'commonjs' }, include: ['src'] }));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'svc', dependencies: {} }));
  fs.writeFileSync(path.join(root, 'src/legacy.ts'), '/** @deprecated Use formatMoney. */\nexport function formatPrice(n: number): string { return `$${n}`; }\n');
  fs.writeFileSync(path.join(root, 'src/service.ts'), SERVICE);
  fs.writeFileSync(path.join(root, 'src/loose.js'), 'export const short = (s) => String(s).substr(0, 2);\n');
  client = new TestClient({ enable: true, scope: 'workspace', exclude: [], rules: {}, python: { targetVersion: '' } });
  await client.initialize(root);
});
after(async () => {
  await client.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('the start-up scan publishes syntax-only and type-aware findings for TS and JS files that are not open', async () => {
  await client.until(() => client.diagnosticsOf(file('src/service.ts')).filter((d) => d.code === 'deprecated-api').length === 3, 'deprecated-api in service.ts', 30_000);
  assert.deepEqual(codes(client.diagnosticsOf(file('src/service.ts'))), ['deprecated-api', 'deprecated-api', 'deprecated-api', 'swallowed-catch']);
  const price = client.diagnosticsOf(file('src/service.ts')).find((d) => d.code === 'deprecated-api' && d.range.start.line === 4 && d.message.includes('formatPrice'))!;
  assert.match(price.message, /`formatPrice` is deprecated: Use formatMoney\./);
  assert.deepEqual(price.tags, [2], 'DiagnosticTag.Deprecated (strikethrough)');
  await client.until(() => client.diagnosticsOf(file('src/loose.js')).some((d) => d.code === 'deprecated-api'), 'deprecated-api in loose.js');
});

test('typing: the syntax-only diagnostics of a version come first, the type-aware ones follow for the same version', async () => {
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('src/service.ts'), languageId: 'typescript', version: 1, text: SERVICE } });
  await client.until(() => client.diagnostics.get(uri('src/service.ts'))?.version === 1, 'version 1');
  const line = SERVICE.split('\n').length - 1;
  const typed = 'export const tail = (s: string) => s.substr(-2);\n';
  const start = client.published.length;
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri('src/service.ts'), version: 2 },
    contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: typed }],
  });
  const ofV2 = () => client.published.slice(start).filter((p) => p.uri === uri('src/service.ts') && p.version === 2);
  const newDeprecation = (ds: Diagnostic[]) => ds.some((d) => d.code === 'deprecated-api' && d.range.start.line === line);
  await client.until(() => ofV2().some((p) => newDeprecation(p.diagnostics)), 'the new substr struck through', 30_000);
  const first = ofV2()[0];
  assert.ok(first.diagnostics.some((d) => d.code === 'swallowed-catch'), 'syntax-only findings in the first publish');
  assert.ok(!newDeprecation(first.diagnostics), 'the first publish did not wait for the type checker');
});

test('quick fix for a deprecated substr: slice, from the type-aware finding', async () => {
  const d = client.diagnosticsOf(file('src/service.ts')).find((x) => x.code === 'deprecated-api' && x.message.includes('substr') && x.range.start.line === 4)!;
  const actions = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri('src/service.ts') }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
  }) as CodeAction[];
  assert.equal(actions[0].title, 'Use `slice(…)`');
  const text = SERVICE.replace(/\n$/, '\nexport const tail = (s: string) => s.substr(-2);\n');
  const fixed = applyTextEdits(text, actions[0].edit!.changes![uri('src/service.ts')]);
  assert.match(fixed, /Number\(sku\.slice\(1\)\)/);
});
