#!/usr/bin/env node
// Runs the extension-host Mocha suite (test/e2e/suite) inside code-server's Node extension host, the
// @vscode/test-electron way: the workbench URL carries extensionDevelopmentPath/extensionTestsPath, which
// built VS Code honours only with the smoke-test driver on; results come back via codeAutomationLog/Exit.
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { startCodeServer, launchBrowser } from './lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT_S = Number(process.env.E2E_TIMEOUT || 300);

const cs = await startCodeServer({
  workspace: path.join(REPO, 'examples'),
  args: ['--vscode-option', 'enable-smoke-test-driver'],
  settings: { 'editor.codeActionsOnSave': { 'source.fixAll.readiness': 'explicit' } },
});
// Payload URIs must name the same authority as the page, or no extension host can run the tests.
const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
const payload = [['extensionDevelopmentPath', remote(REPO)], ['extensionTestsPath', remote(path.join(REPO, 'out/test/e2e/suite/index.js'))]];
const browser = await launchBrowser();
let result = null;
let streaming = false;
const preamble = [];
const code = await new Promise(async (resolve) => {
  const timer = setTimeout(() => resolve('timeout'), TIMEOUT_S * 1000);
  await browser.page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = util.format(...(Array.isArray(args) ? args : [args]));
    if (text.includes('MOCHA_START')) { streaming = true; return; }
    const m = /MOCHA_RESULT (\{.*\})/.exec(text);
    if (m) { result = JSON.parse(m[1]); return; }
    if (streaming) console.log(text); else preamble.push(`[${type}] ${text}`);
  });
  await browser.page.exposeFunction('codeAutomationExit', (c) => { clearTimeout(timer); resolve(c); });
  await browser.page.goto(cs.workspaceUrl(`&payload=${encodeURIComponent(JSON.stringify(payload))}`));
});
await browser.close();
if (code !== 0 && !result) console.error(preamble.slice(-40).join('\n'));
await cs.stop({ keep: code === 'timeout' });
if (code === 'timeout') console.error(`timed out after ${TIMEOUT_S} s (code-server log kept in ${cs.dirs.root})`);
console.log(`${result?.passes ?? 0} passed, ${result ? result.failures : 1} failed`);
process.exit(code === 0 && result && result.failures === 0 ? 0 : 1);
