// Reads the `readiness.*` settings of a folder (resource-scoped, so multi-root folders can differ).
import type { Connection } from 'vscode-languageserver/node';
import type { ReadinessSettings } from '../engine/config';

interface RawSettings {
  enable?: boolean; scope?: string; exclude?: unknown; rules?: unknown;
  python?: { targetVersion?: string }; maxFileSizeKb?: number;
}

export async function readEditorSettings(connection: Connection, supported: boolean, scopeUri?: string): Promise<Partial<ReadinessSettings>> {
  if (!supported) return {};
  const raw = (await connection.workspace.getConfiguration({ scopeUri, section: 'readiness' }) ?? {}) as RawSettings;
  const out: Partial<ReadinessSettings> = {};
  if (typeof raw.enable === 'boolean') out.enable = raw.enable;
  if (raw.scope === 'openFiles' || raw.scope === 'workspace') out.scope = raw.scope;
  if (Array.isArray(raw.exclude)) out.exclude = raw.exclude.filter((e): e is string => typeof e === 'string');
  if (raw.rules && typeof raw.rules === 'object') {
    out.rules = Object.fromEntries(Object.entries(raw.rules as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'string' && ['error', 'warning', 'info', 'hint', 'off'].includes(v))) as ReadinessSettings['rules'];
  }
  if (typeof raw.python?.targetVersion === 'string' && raw.python.targetVersion) out.pythonTargetVersion = raw.python.targetVersion;
  if (typeof raw.maxFileSizeKb === 'number' && raw.maxFileSizeKb > 0) out.maxFileSizeKb = raw.maxFileSizeKb;
  return out;
}
