// Publishes diagnostics and remembers what was published, so unchanged files are not re-sent and code
// actions can map a diagnostic back to the finding (and its fixes) it came from.
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../engine/types';
import { fileToUri, toDiagnostic } from './convert';

export class DiagnosticsPublisher {
  private readonly published = new Map<string, { key: string; findings: Finding[] }>();

  constructor(private readonly connection: Connection) {}

  publish(file: string, findings: Finding[], version?: number): void {
    const uri = fileToUri(file);
    const key = JSON.stringify(findings.map((f) => [f.rule, f.range, f.severity, f.message]));
    const previous = this.published.get(uri);
    this.published.set(uri, { key, findings });
    if (previous?.key === key && version === undefined) return;
    void this.connection.sendDiagnostics({ uri, version, diagnostics: findings.map(toDiagnostic) });
  }

  /** A note in place of findings (a file not analysed): no findings, so no quick fixes; a later publish replaces it. */
  notice(file: string, diagnostic: Diagnostic, version?: number): void {
    const uri = fileToUri(file);
    this.published.set(uri, { key: JSON.stringify(diagnostic), findings: [] });
    void this.connection.sendDiagnostics({ uri, version, diagnostics: [diagnostic] });
  }

  clear(file: string): void {
    const uri = fileToUri(file);
    if (!this.published.has(uri)) return;
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Files that currently have published diagnostics. */
  files(): string[] {
    return [...this.published.keys()];
  }

  findings(uri: string): Finding[] { return this.published.get(uri)?.findings ?? []; }
}
