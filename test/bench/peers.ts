// The peers the bench compares with, installed by the bench itself (never dependencies of this package):
//  - Ruff's WASM build for Node, a pinned version, with `npm install --prefix <bench cache>`;
//  - Pylint and Django (the corpus) from Debian's packages with apt-get, when the bench runs as root and
//    they are missing (BENCH_INSTALL=0 turns installing off: what is missing is then reported as missing).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from './common';

export const RUFF_PACKAGE = '@astral-sh/ruff-wasm-nodejs';
export const RUFF_VERSION = process.env.BENCH_RUFF_VERSION || '0.17.4';
/** The rule set for Ruff: what our broad-except, bare-except, swallowed-exception, datetime, typing-alias and secret rules cover. */
export const RUFF_RULES = ['BLE001', 'E722', 'S110', 'DTZ003', 'DTZ004', 'UP006', 'UP035', 'S105', 'S106', 'S107'];

export interface Peer { name: string; version?: string; available: boolean; how: string; dir?: string }

const installing = process.env.BENCH_INSTALL !== '0';
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

export function ensureRuff(): Peer {
  const dir = cacheDir(`ruff-wasm-nodejs-${RUFF_VERSION}`);
  const pkg = path.join(dir, 'node_modules', RUFF_PACKAGE, 'package.json');
  if (!fs.existsSync(pkg) && installing) {
    log(`installing ${RUFF_PACKAGE}@${RUFF_VERSION} into the bench cache`);
    const r = spawnSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `${RUFF_PACKAGE}@${RUFF_VERSION}`], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) log(`npm install failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}`);
  }
  if (!fs.existsSync(pkg)) return { name: 'Ruff (WASM)', available: false, how: `${RUFF_PACKAGE}@${RUFF_VERSION} could not be installed with npm` };
  const version = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  return { name: 'Ruff (WASM)', version, available: true, how: `npm package ${RUFF_PACKAGE}@${version}, installed by the bench into its cache`, dir };
}

function debVersion(pkg: string): string | undefined {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status} ${Version}', pkg], { encoding: 'utf8' });
  const m = /install ok installed (\S+)/.exec(r.stdout ?? '');
  return m ? m[1] : undefined;
}

/** Installs the Debian packages that are missing (one apt-get call), when allowed and possible. */
export function ensureDebian(pkgs: string[]): Record<string, string | undefined> {
  const missing = pkgs.filter((p) => !debVersion(p));
  const canApt = installing && process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (missing.length && canApt) {
    log(`installing ${missing.join(', ')} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { encoding: 'utf8', env, timeout: 600_000 });
    let r = install();
    if (r.status !== 0) { // package lists may be missing or stale on a new machine
      spawnSync('apt-get', ['update'], { encoding: 'utf8', env, timeout: 300_000 });
      r = install();
    }
    if (r.status !== 0) log(`apt-get install failed: ${(r.stderr || '').trim().split('\n').slice(-2).join(' ')}`);
  }
  return Object.fromEntries(pkgs.map((p) => [p, debVersion(p)]));
}

export function pylintPeer(debianVersion: string | undefined): Peer {
  const r = spawnSync('pylint', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) {
    return { name: 'Pylint', available: false, how: debianVersion ? 'Debian pylint installed but `pylint --version` failed' : 'Debian package pylint not installed (apt-get not possible or failed)' };
  }
  const version = r.stdout.split('\n').filter(Boolean).map((l) => l.trim()).join(', ');
  return { name: 'Pylint', version, available: true, how: debianVersion ? `Debian package pylint ${debianVersion}` : 'pylint on the PATH' };
}
