// Entry point of dist/server.js: the language server, or (in a worker thread started from this same file)
// its type checker. One bundle, so the TypeScript compiler ships once.
import { isMainThread } from 'node:worker_threads';

// require, not import: only one side may start (esbuild keeps required modules lazy)
if (isMainThread) require('./server');
else require('./typeWorker');
