// Per-file analysis: parse, run the file rules, extract the file's project summary. Rules are
// isolated: one that throws is reported once through `onRuleError` and the others still run.
import type { Finding, RuleMeta, Severity } from './types';
import { LineIndex } from './text';
import { parsePythonIncrementally, type Tree } from './parse/python';
import { readImports } from './parse/pyimports';
import { PYTHON_RULES, SCRIPT_RULES } from './rules/index';
import { isScriptFile, isTypeScriptFile, parseScriptIncrementally, scriptSyntaxErrors } from './parse/script';
import { makeScriptFile, type ScriptFile } from './rules/scriptContext';
import type ts from 'typescript';
import { makePythonFile, type PythonFile } from './rules/context';
import { dependencyAtLeast, type ProjectFacts } from './workspace/facts';
import type { ReadinessSettings } from './config';
import { EMPTY_SUMMARY, type FileSummary } from './project/summary';
import { summarizePython } from './project/pythonSummary';
import { summarizeScript } from './project/scriptSummary';
import { isDockerfile, summarizeDockerfile } from './project/dockerfileSummary';
import { isComposeFile, isManifestCandidate, summarizeCompose, summarizeManifest } from './project/manifestSummary';
import { isPythonFile } from './workspace/discover';
import { isSuppressed, readSuppressions, type LineSuppression, type SuppressionUsage } from './suppress';

export interface FileAnalysis {
  /** File-rule findings with severities applied, suppressed ones removed. */
  findings: Finding[];
  summary: FileSummary;
  suppressions: Map<number, LineSuppression[]>;
  /** Own ignore comments that silenced one of `findings` (the project rules add theirs later). */
  usage: SuppressionUsage;
  /** True when the parser had to recover from syntax errors (findings come from the valid parts). */
  hasSyntaxErrors: boolean;
}

export type RuleErrorHandler = (rule: string, file: string, error: unknown) => void;

export interface AnalyzeOptions {
  facts: ProjectFacts;
  settings: ReadinessSettings;
  onRuleError?: RuleErrorHandler;
  /** A tree for exactly this text (from an incremental re-parse); the caller keeps ownership. */
  tree?: Tree;
}

export function analyzeFile(file: string, text: string, opts: AnalyzeOptions): FileAnalysis {
  const lines = new LineIndex(text);
  const suppressions = readSuppressions(lines);
  if (isDockerfile(file)) {
    return { findings: [], summary: { ...EMPTY_SUMMARY, dockerfile: summarizeDockerfile(text) }, suppressions, usage: new Set(), hasSyntaxErrors: false };
  }
  if (isManifestCandidate(file)) {
    let summary: FileSummary = EMPTY_SUMMARY;
    try {
      if (isComposeFile(file)) { const compose = summarizeCompose(text); if (compose) summary = { ...EMPTY_SUMMARY, compose }; }
      else { const manifest = summarizeManifest(text); if (manifest) summary = { ...EMPTY_SUMMARY, manifest }; }
    } catch (error) { opts.onRuleError?.('project-summary', file, error); }
    return { findings: [], summary, suppressions, usage: new Set(), hasSyntaxErrors: false };
  }
  if (isScriptFile(file)) return analyzeScript(file, text, lines, suppressions, opts);
  if (!isPythonFile(file)) return { findings: [], summary: EMPTY_SUMMARY, suppressions, usage: new Set(), hasSyntaxErrors: false };
  // the caller's tree, or this file's previous tree edited and re-parsed (owned by the parse cache)
  const tree = opts.tree ?? parsePythonIncrementally(file, text);
  const root = tree.rootNode;
  const parsed: PythonFile = makePythonFile(file, text, lines, root, readImports(root));
  const findings = runRules(PYTHON_RULES, parsed, opts.facts, (id) => opts.settings.rules[id] !== 'off', file, opts.onRuleError);
  let summary = EMPTY_SUMMARY;
  try { summary = summarizePython(parsed, dependencyAtLeast(opts.facts, 'pydantic', '2.0') === true); } catch (error) { opts.onRuleError?.('project-summary', file, error); }
  const usage: SuppressionUsage = new Set();
  return { findings: finalizeFindings(findings, suppressions, opts.settings, usage), summary, suppressions, usage, hasSyntaxErrors: root.hasError };
}

/** TS/JS: syntax-only rules on the compiler's tree (type-aware ones run elsewhere, off the typing path). */
function analyzeScript(file: string, text: string, lines: LineIndex, suppressions: Map<number, LineSuppression[]>, opts: AnalyzeOptions): FileAnalysis {
  let source: ts.SourceFile;
  try {
    source = parseScriptIncrementally(file, text);
  } catch (error) {
    // The compiler's recursive-descent parser overflows the stack on pathological nesting (10,000 parens):
    // the file gets no findings, the error is reported once, nothing else stops.
    opts.onRuleError?.('parse', file, error);
    return { findings: [], summary: EMPTY_SUMMARY, suppressions, usage: new Set(), hasSyntaxErrors: true };
  }
  const parsed: ScriptFile = makeScriptFile(file, text, lines, source, isTypeScriptFile(file));
  const findings = runRules(SCRIPT_RULES, parsed, opts.facts, (id) => opts.settings.rules[id] !== 'off', file, opts.onRuleError);
  let summary = EMPTY_SUMMARY;
  try { summary = summarizeScript(parsed, opts.facts); } catch (error) { opts.onRuleError?.('project-summary', file, error); }
  const usage: SuppressionUsage = new Set();
  return { findings: finalizeFindings(findings, suppressions, opts.settings, usage), summary, suppressions, usage,
    hasSyntaxErrors: scriptSyntaxErrors(source).length > 0 };
}

/**
 * Runs the enabled rules on one parsed file, each isolated: one that throws is reported through
 * `onRuleError` and the others still run. Python, TS/JS and type-aware rules all go through here.
 */
export function runRules<F>(rules: readonly { meta: RuleMeta; check(file: F, facts: ProjectFacts): Finding[] }[], parsed: F, facts: ProjectFacts,
  enabled: (rule: string) => boolean, file: string, onRuleError?: RuleErrorHandler): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!enabled(rule.meta.id)) continue;
    try {
      findings.push(...rule.check(parsed, facts));
    } catch (error) {
      onRuleError?.(rule.meta.id, file, error);
    }
  }
  return findings;
}

/** Applies severity overrides and suppression comments; sorts by position. */
export function finalizeFindings(findings: Finding[], suppressions: Map<number, LineSuppression[]>, settings: ReadinessSettings,
  usage?: SuppressionUsage): Finding[] {
  return findings
    .filter((f) => settings.rules[f.rule] !== 'off' && !isSuppressed(f, suppressions, usage))
    .map((f) => {
      const override = settings.rules[f.rule];
      return override && override !== 'off' ? { ...f, severity: override as Severity } : f;
    })
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
