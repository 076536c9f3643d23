// `npm run test:electron`: the same extension-host suite in desktop VS Code via @vscode/test-electron,
// for machines that can download VS Code (these build machines cannot; see test/e2e/run.sh).
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-electron-'));
  fs.cpSync(path.join(repo, 'examples'), workspace, { recursive: true });
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'editor.codeActionsOnSave': { 'source.fixAll.readiness': 'explicit' } }));
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out/test/e2e/suite/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err) => { console.error(err); process.exit(1); });
