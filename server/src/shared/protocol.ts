// Custom LSP messages between the client and the server. Plain method names and JSON shapes, so both
// sides (vscode-languageclient, vscode-languageserver) use them without sharing a protocol library copy.
// Positions are LSP positions (0-based, UTF-16); files are URIs.

export type ChecklistStatus = 'pass' | 'warn' | 'fail' | 'n/a';

export interface ProtocolRange { start: { line: number; character: number }; end: { line: number; character: number } }

export interface ChecklistEvidence { uri: string; range: ProtocolRange }

export interface ChecklistEntry {
  id: string;
  category: string;
  status: ChecklistStatus;
  weight: number;
  title: string;
  reason: string;
  docs: string;
  evidence: ChecklistEvidence[];
  /** Titles of the fixes that resolve the item (applied from the evidence's quick fixes). */
  fixes: { title: string; safety: string }[];
}

export interface FolderChecklist {
  folderUri: string;
  name: string;
  /** Weighted score 0–100; null when no item applies. */
  score: number | null;
  items: ChecklistEntry[];
  /** True while the start-up scan of this folder runs (the items are partial). */
  scanning: boolean;
}

export interface ChecklistResult { folders: FolderChecklist[] }

/** Request (client → server), no params: the checklist of every workspace folder. */
export const CHECKLIST_REQUEST = 'readiness/checklist';
/** Notification (server → client), no params: the checklist changed; ask again. */
export const CHECKLIST_CHANGED_NOTIFICATION = 'readiness/checklistChanged';
/** Request (client → server): re-read config and files, scan again. */
export const RESCAN_REQUEST = 'readiness/rescan';
/** Request (client → server): the Markdown report of one folder. */
export const REPORT_REQUEST = 'readiness/report';
export interface ReportParams { folderUri: string }
export interface ReportResult { markdown: string }

/** Client command the server's "Show documentation" code actions invoke, with the rule id. */
export const OPEN_DOCS_COMMAND = 'readiness.openRuleDocumentation';
/** Code action kind of the fix-all source action (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.readiness';
/** Diagnostic `source` of every finding. */
export const DIAGNOSTIC_SOURCE = 'readiness';
