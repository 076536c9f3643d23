// Code actions: each finding's fixes (the preferred one marked), "ignore on this line", "show
// documentation", and `source.fixAll.readiness` (safe fixes only). Fixes that would leave a file that no
// longer parses are never offered.
import fs from 'node:fs';
import { CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/types';
import { LineIndex } from '../engine/text';
import { fixAllInFile, fixKeepsSyntax } from '../engine/fixes';
import { ignoreEdit } from '../engine/suppress';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND, OPEN_DOCS_COMMAND } from '../shared/protocol';
import { fileToUri, toDiagnostic, toWorkspaceEdit, uriToFile } from './convert';

export interface CodeActionContext {
  document: TextDocument;
  /** Findings last published for the document. */
  findings: Finding[];
  /** Re-analyse a text of this document (used between fix-all passes). */
  analyze(text: string): Finding[];
  /** Current text of any file: the open document's, else the disk's. */
  readText(file: string): string | undefined;
  /** Whether a file lies inside the document's workspace folder: fixes never create or edit files elsewhere. */
  insideWorkspace(file: string): boolean;
}

export function codeActions(params: CodeActionParams, ctx: CodeActionContext): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = ctx.findings.find((f) => matches(f, diagnostic));
      if (finding) actions.push(...quickFixes(finding, diagnostic, ctx));
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const action = fixAll(ctx);
    if (action) actions.push(action);
  }
  return actions;
}

function matches(f: Finding, d: Diagnostic): boolean {
  return f.rule === d.code && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character
    && f.range.end.line === d.range.end.line && f.range.end.character === d.range.end.character;
}

function quickFixes(finding: Finding, diagnostic: Diagnostic, ctx: CodeActionContext): CodeAction[] {
  const diagnostics = [diagnostic];
  const out: CodeAction[] = [];
  for (const fix of finding.fixes) {
    if (fix.safety === 'display-only' || !fix.edits.every((e) => ctx.insideWorkspace(e.file)) || !fixKeepsSyntax(fix, ctx.readText)) continue;
    out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: !!fix.preferred, edit: toWorkspaceEdit(fix) });
  }
  const lines = new LineIndex(ctx.document.getText());
  const language = ctx.document.languageId === 'python' ? 'python' : 'typescript';
  out.push({
    title: `Ignore ${finding.rule} on this line`, kind: CodeActionKind.QuickFix, diagnostics,
    edit: { changes: { [ctx.document.uri]: [ignoreEdit(lines, finding, language)] } },
  });
  out.push({
    title: `Show documentation for ${finding.rule}`, kind: CodeActionKind.QuickFix, diagnostics,
    command: { title: 'Show documentation', command: OPEN_DOCS_COMMAND, arguments: [finding.rule] },
  });
  return out;
}

function fixAll(ctx: CodeActionContext): CodeAction | undefined {
  const file = uriToFile(ctx.document.uri);
  const original = ctx.document.getText();
  const { text, applied } = fixAllInFile(file, original, ctx.analyze, 'safe');
  if (applied === 0 || text === original) return undefined;
  const action = CodeAction.create(`Fix all safe Production Readiness problems (${applied})`, FIX_ALL_KIND);
  action.edit = { changes: { [ctx.document.uri]: [minimalEdit(ctx.document, original, text)] } };
  return action;
}

/** One edit covering only the changed middle, so the cursor and folding outside it stay put. */
function minimalEdit(doc: TextDocument, before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length, endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) { endBefore--; endAfter--; }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(endBefore) }, newText: after.slice(start, endAfter) };
}

export function readFromDisk(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}

export { fileToUri, toDiagnostic };
