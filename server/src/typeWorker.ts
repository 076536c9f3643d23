// The type-checking worker thread: owns the TypeScript language services (one set per workspace folder)
// so that building programs and running the checker never delays the syntax-only diagnostics of the
// file being typed in. Work is queued; the edited file's check jumps ahead of a workspace pass.
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { TypeProjects } from './engine/typeaware/typeProjects';
import { runTypedRules } from './engine/typeaware/runTypedRules';
import type { FromTypeWorker, ToTypeWorker } from './shared/typeWorkerProtocol';

type Check = Extract<ToTypeWorker, { kind: 'check' }>;

const port = parentPort!;

// On Linux, setpriority(0) applies to the calling thread only: the type checker yields the CPU to the
// thread that publishes the diagnostics of the file being typed in (elsewhere it would slow the whole
// server, so it is left alone).
if (process.platform === 'linux') {
  try { os.setPriority(10); } catch { /* not permitted: run at normal priority */ }
}
const folders = new Map<string, TypeProjects>();
const queue: Check[] = [];
let draining = false;

const post = (m: FromTypeWorker) => port.postMessage(m);

port.on('message', (m: ToTypeWorker) => {
  switch (m.kind) {
    case 'open':
      folders.get(m.key)?.dispose();
      folders.set(m.key, new TypeProjects({ root: m.root, tsconfigs: m.tsconfigs,
        onConfigError: (file, message) => post({ kind: 'log', level: 'error', message: `${file}: ${message}` }) }));
      break;
    case 'close':
      folders.get(m.key)?.dispose();
      folders.delete(m.key);
      break;
    case 'text':
      folders.get(m.key)?.setText(m.file, m.text ?? undefined);
      break;
    case 'check': {
      // one pending check per file: the newest text wins
      const at = queue.findIndex((q) => q.key === m.key && q.file === m.file);
      if (at >= 0) queue.splice(at, 1);
      if (m.urgent) queue.unshift(m); else queue.push(m);
      drainSoon();
      break;
    }
  }
});

function drainSoon(): void {
  if (draining) return;
  draining = true;
  setImmediate(drainOne);
}

/** One check per turn of the event loop, so new texts and urgent checks are taken in between. */
function drainOne(): void {
  const next = queue.shift();
  if (!next) { draining = false; return; }
  const projects = folders.get(next.key);
  if (projects) {
    try {
      const enabled = new Set(next.enabled);
      const findings = runTypedRules(projects, next.file, next.facts, (id) => enabled.has(id),
        (rule, file, error) => post({ kind: 'log', level: 'error', message: `rule ${rule} failed on ${file}: ${(error as Error)?.stack ?? error}` }));
      post({ kind: 'findings', key: next.key, file: next.file, token: next.token, findings });
    } catch (error) {
      post({ kind: 'log', level: 'error', message: `type check of ${next.file} failed: ${(error as Error)?.stack ?? error}` });
    }
  }
  setImmediate(drainOne);
}
