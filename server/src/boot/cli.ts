// Entry of dist/cli.js (`readiness`): runs the CLI bundle (dist/cli-core.js) through V8's code cache, kept
// in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, `production-readiness`). READINESS_CODE_CACHE_DIR
// names another folder; set it empty to do without.
import os from 'node:os';
import path from 'node:path';
import { CODE_CACHE_ENV, requireWithCodeCache } from './codeCache';

function cacheDir(): string | undefined {
  const chosen = process.env[CODE_CACHE_ENV];
  if (chosen !== undefined) return chosen || undefined;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : undefined);
  return base ? path.join(base, 'production-readiness') : undefined;
}

requireWithCodeCache(path.join(__dirname, 'cli-core.js'), cacheDir(), 'exit');
