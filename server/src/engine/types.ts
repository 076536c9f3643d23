// Plain data shapes shared by the engine, the LSP layer and the CLI. No vscode / LSP imports here.

/** 0-based line and UTF-16 character, the same convention as LSP. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export type Family = 'error-handling' | 'deprecated-api' | 'health' | 'secrets' | 'hardening';
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type FixSafety = 'safe' | 'unsafe' | 'display-only';
export type Language = 'python' | 'typescript' | 'javascript' | 'dockerfile' | 'yaml';

/** Edits to one file. `create` means the file does not exist yet and `edits` hold its whole text. */
export interface FileEdit {
  file: string;
  create?: boolean;
  edits: TextEdit[];
}
export interface TextEdit { range: Range; newText: string }

export interface Fix {
  title: string;
  safety: FixSafety;
  preferred?: boolean;
  edits: FileEdit[];
}

export interface Finding {
  rule: string;
  family: Family;
  severity: Severity;
  file: string;
  range: Range;
  /** Never contains a secret's value. */
  message: string;
  tags?: ('deprecated' | 'unnecessary')[];
  fixes: Fix[];
}

export type ChecklistCategory =
  | 'Health & probes' | 'Secrets & configuration' | 'Error handling' | 'Deprecations'
  | 'Security hardening' | 'Resilience' | 'Observability' | 'Deployment';

export interface RuleMeta {
  id: string;
  family: Family;
  category: ChecklistCategory;
  defaultSeverity: Severity;
  languages: Language[];
  /** One line for docs, SARIF shortDescription and hovers. */
  summary: string;
  fixSafety: FixSafety | 'none';
  /** Foreign suppression codes that also silence this rule (`# noqa: BLE001`, pylint names, …). */
  foreignCodes?: string[];
}

export interface Location { file: string; range: Range }

export type ChecklistStatus = 'pass' | 'warn' | 'fail' | 'n/a';
export interface ChecklistItem {
  id: string;
  category: ChecklistCategory;
  status: ChecklistStatus;
  weight: number;
  title: string;
  reason: string;
  evidence: Location[];
  fixes: Fix[];
  docs: string;
}
export interface Checklist {
  /** 0–100, weighted share of passed items among those that apply; null when nothing applies. */
  score: number | null;
  items: ChecklistItem[];
}
