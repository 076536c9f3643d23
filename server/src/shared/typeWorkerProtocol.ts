// Messages between the language server and its type-checking worker thread (structured-cloned).
import type { Finding } from '../engine/types';
import type { ProjectFacts } from '../engine/workspace/facts';

export type ToTypeWorker =
  | { kind: 'open'; key: string; root: string; tsconfigs: string[] }
  | { kind: 'close'; key: string }
  /** An editor buffer's text, or null: read the file from disk again (closed, or changed on disk). */
  | { kind: 'text'; key: string; file: string; text: string | null }
  /** `urgent`: the file being edited, served before the rest of a workspace pass. */
  | { kind: 'check'; key: string; file: string; token: number; urgent: boolean; enabled: string[]; facts: ProjectFacts };

export type FromTypeWorker =
  | { kind: 'findings'; key: string; file: string; token: number; findings: Finding[] }
  | { kind: 'log'; level: 'info' | 'error'; message: string };
