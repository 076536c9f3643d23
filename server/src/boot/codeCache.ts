// Loads a large CommonJS bundle (the server and the CLI each carry the TypeScript compiler: 11 MB) through
// V8's code cache, as VS Code does for its own bundles: compiling it takes ~140 ms on every start, reading
// the cache ~20 ms. The cache lives in a directory of the user's own (the editor's global storage, or the
// user's cache folder for the CLI), keyed by the bundle's content and Node's version, and is written
// once, late (a few seconds after start, or at exit), so that it also holds the functions compiled
// meanwhile. Any failure falls back to a plain `require`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire, wrap } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** Environment variable naming the cache directory, so worker threads started from the bundle find it too. */
export const CODE_CACHE_ENV = 'READINESS_CODE_CACHE_DIR';
/** What happened, for the bundle to log: 'used', 'written later' (none yet, or V8 rejected it), 'off'. */
export const CODE_CACHE_STATUS_ENV = 'READINESS_CODE_CACHE_STATUS';
const WRITE_AFTER_MS = 5_000;

/** `writeAt`: 'exit' for short runs (the CLI), 'later' for a long-running process (the server). */
export function requireWithCodeCache(file: string, cacheDir: string | undefined, writeAt: 'exit' | 'later'): unknown {
  const plain = () => { process.env[CODE_CACHE_STATUS_ENV] = 'off'; return createRequire(file)(file); };
  if (!cacheDir) return plain();
  let script: vm.Script;
  let cacheFile: string;
  let cached: Buffer | undefined;
  try {
    const code = fs.readFileSync(file);
    // by content: V8 checks only the source's length, and npm gives every installed file the same mtime
    const key = `${path.basename(file, '.js')}-${createHash('sha1').update(code).digest('hex').slice(0, 16)}-${process.version}-${process.arch}`;
    fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    cacheFile = path.join(cacheDir, `${key}.v8cache`);
    try { cached = fs.readFileSync(cacheFile); } catch { /* first start of this build */ }
    // (no dynamic import() may be in the bundle: it would find no loader here; esbuild.mjs checks)
    script = new vm.Script(wrap(code.toString('utf8')), { filename: file, cachedData: cached });
  } catch {
    return plain();
  }
  process.env[CODE_CACHE_STATUS_ENV] = cached && !script.cachedDataRejected ? 'used' : cached ? 'rejected, rewritten later' : 'none yet, written later';
  if (!cached || script.cachedDataRejected) {
    if (writeAt === 'exit') process.once('exit', () => writeCache(script, cacheFile));
    else setTimeout(() => writeCache(script, cacheFile), WRITE_AFTER_MS).unref();
  }
  const mod = { exports: {} as unknown, id: file, filename: file, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return mod.exports;
}

function writeCache(script: vm.Script, cacheFile: string): void {
  try {
    const dir = path.dirname(cacheFile);
    const prefix = path.basename(cacheFile).split('-')[0];
    // caches of earlier builds of the same bundle are of no use any more
    for (const old of fs.readdirSync(dir)) if (old.startsWith(`${prefix}-`) && old.endsWith('.v8cache') && old !== path.basename(cacheFile)) fs.rmSync(path.join(dir, old), { force: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temp, cacheFile); // atomic: another process never reads half a cache
  } catch { /* a read-only or full disk: start without the cache next time */ }
}
