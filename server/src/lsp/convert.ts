// Engine data → LSP data. The engine already uses LSP's position convention, so this is mostly naming.
import { URI } from 'vscode-uri';
import fs from 'node:fs';
import path from 'node:path';
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../engine/types';
import { docsUrl } from '../engine/rules/index';
import { DIAGNOSTIC_SOURCE } from '../shared/protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

export const fileToUri = (file: string) => URI.file(file).toString();
export const uriToFile = (uri: string) => URI.parse(uri).fsPath;

/** The rule's page shipped with the extension (works offline), else the published one. */
function docsHref(rule: string): string {
  const bundled = path.join(__dirname, '..', 'docs', 'rules', `${rule}.md`);
  return fs.existsSync(bundled) ? URI.file(bundled).toString() : docsUrl(rule);
}

export function toDiagnostic(f: Finding): Diagnostic {
  const d = Diagnostic.create(f.range, f.message, SEVERITY[f.severity], f.rule, DIAGNOSTIC_SOURCE);
  d.codeDescription = { href: docsHref(f.rule) };
  if (f.tags?.includes('deprecated')) d.tags = [DiagnosticTag.Deprecated];
  if (f.tags?.includes('unnecessary')) d.tags = [...(d.tags ?? []), DiagnosticTag.Unnecessary];
  return d;
}

/** A fix as a WorkspaceEdit; files the fix creates become CreateFile operations before their content. */
export function toWorkspaceEdit(fix: Fix): WorkspaceEdit {
  if (!fix.edits.some((e) => e.create)) {
    return { changes: Object.fromEntries(fix.edits.map((e) => [fileToUri(e.file), e.edits])) };
  }
  return {
    documentChanges: fix.edits.flatMap((e) => [
      ...(e.create ? [{ kind: 'create' as const, uri: fileToUri(e.file), options: { ignoreIfExists: true } }] : []),
      { textDocument: { uri: fileToUri(e.file), version: null }, edits: e.edits },
    ]),
  };
}
