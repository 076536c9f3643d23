// Entry of dist/server.js: starts the language server bundle (dist/server-core.js) through V8's code
// cache when the editor names a directory for it (`--code-cache-dir=<global storage>`).
import path from 'node:path';
import { CODE_CACHE_ENV, requireWithCodeCache } from './codeCache';

const flag = process.argv.find((a) => a.startsWith('--code-cache-dir='));
if (flag) process.env[CODE_CACHE_ENV] = flag.slice('--code-cache-dir='.length);
requireWithCodeCache(path.join(__dirname, 'server-core.js'), process.env[CODE_CACHE_ENV] || undefined, 'later');
