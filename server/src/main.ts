// Entry point of dist/server-core.js (started by dist/server.js, see boot/server.ts): the language server,
// or, in a worker thread started from this same file, its type checker or its workspace scan. One bundle,
// so the TypeScript compiler ships once.
import { isMainThread, workerData } from 'node:worker_threads';

// require, not import: only one side may start (esbuild keeps required modules lazy)
if (isMainThread) require('./server');
else if ((workerData as { role?: string } | null)?.role === 'scan') (require('./engine/scanWorker') as typeof import('./engine/scanWorker')).runScanWorker();
else require('./typeWorker');
