// Applying fixes: one fix, or every fix of a given safety for a file ("fix all"), with the guarantee
// that the result still parses. Fix-all iterates like Ruff: apply the non-overlapping fixes, re-analyse,
// repeat, so fixes that touch the same import land in a later pass instead of colliding.
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Finding, Fix, FixSafety, TextEdit } from './types';
import type { WorkspaceIndex } from './workspaceIndex';
import { applyTextEdits, comparePositions } from './text';
import { parsePython } from './parse/python';
import { isPythonFile } from './workspace/discover';
import { isScriptFile, parseScript, scriptSyntaxErrors } from './parse/script';

const MAX_PASSES = 10;

/** Count of ERROR/MISSING nodes, so a fix may keep pre-existing syntax errors but never add one. */
export function syntaxErrorCount(file: string, text: string): number {
  if (isScriptFile(file)) return scriptSyntaxErrors(parseScript(file, text)).length;
  if (/\.ya?ml$/i.test(file)) return yamlErrorCount(text);
  if (!isPythonFile(file)) return 0;
  const tree = parsePython(text);
  try {
    if (!tree.rootNode.hasError) return 0;
    return tree.rootNode.descendantsOfType('ERROR').length + countMissing(tree.rootNode);
  } finally { tree.delete(); }
}

/** Errors of every document of a YAML stream (a probe fix must not break a manifest). */
function yamlErrorCount(text: string): number {
  try {
    const docs = parseAllDocuments(text);
    return Array.isArray(docs) ? docs.reduce((n, d) => n + d.errors.length, 0) : 0;
  } catch { return 1; }
}

function countMissing(node: import('web-tree-sitter').Node): number {
  let n = node.isMissing ? 1 : 0;
  if (node.hasError) for (const c of node.children) if (c) n += countMissing(c);
  return n;
}

/** The edits of a fix for one file, or undefined when the fix does not touch it. */
export function editsFor(fix: Fix, file: string): TextEdit[] | undefined {
  return fix.edits.find((e) => e.file === file && !e.create)?.edits;
}

/** True when applying the fix keeps every touched/created file parseable (no new syntax errors). */
export function fixKeepsSyntax(fix: Fix, readText: (file: string) => string | undefined): boolean {
  try {
    for (const fe of fix.edits) {
      const before = fe.create ? '' : readText(fe.file);
      if (before === undefined) return false;
      const after = applyTextEdits(before, fe.edits);
      if (syntaxErrorCount(fe.file, after) > syntaxErrorCount(fe.file, before)) return false;
    }
    return true;
  } catch {
    return false; // overlapping edits
  }
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  const aEmpty = comparePositions(a.range.start, a.range.end) === 0;
  const bEmpty = comparePositions(b.range.start, b.range.end) === 0;
  if (aEmpty && bEmpty) return comparePositions(a.range.start, b.range.start) === 0;
  return comparePositions(a.range.start, b.range.end) < 0 && comparePositions(b.range.start, a.range.end) < 0
    || (aEmpty && comparePositions(a.range.start, b.range.start) > 0 && comparePositions(a.range.start, b.range.end) < 0)
    || (bEmpty && comparePositions(b.range.start, a.range.start) > 0 && comparePositions(b.range.start, a.range.end) < 0);
}

export function allowedBy(safety: FixSafety, wanted: 'safe' | 'unsafe'): boolean {
  return safety === 'safe' || (wanted === 'unsafe' && safety === 'unsafe');
}

/**
 * Applies, to one file's text, every fix of the wanted safety that edits only this file.
 * `analyze` re-runs the rules on the new text between passes. Returns the new text and how many fixes landed.
 */
export function fixAllInFile(file: string, text: string, analyze: (text: string) => Finding[],
  wanted: 'safe' | 'unsafe' = 'safe'): { text: string; applied: number } {
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen: TextEdit[] = [];
    let landed = 0;
    const seen = new Set<string>();
    for (const finding of analyze(text)) {
      const fix = finding.fixes.find((f) => f.preferred && allowedBy(f.safety, wanted)) ?? finding.fixes.find((f) => allowedBy(f.safety, wanted));
      if (!fix || fix.edits.some((e) => e.file !== file || e.create)) continue;
      const key = JSON.stringify(fix.edits);
      if (seen.has(key)) continue;
      seen.add(key);
      const edits = fix.edits[0].edits;
      if (edits.some((e) => chosen.some((c) => overlaps(e, c)))) continue;
      if (!fixKeepsSyntax(fix, () => text)) continue;
      chosen.push(...edits);
      landed++;
    }
    if (landed === 0) break;
    const next = applyTextEdits(text, chosen);
    if (syntaxErrorCount(file, next) > syntaxErrorCount(file, text) || next === text) break;
    text = next;
    applied += landed;
  }
  return { text, applied };
}

/** Whether a path lies inside the root (fixes never create or edit files outside the workspace). */
export function insideRoot(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export interface ProjectFixOptions {
  wanted: 'safe' | 'unsafe';
  /** Only fixes of these rules (default: all). */
  rules?: ReadonlySet<string>;
  readText(file: string): string | undefined;
}

/**
 * Applies fixes across a project in memory, Ruff-style passes: choose non-overlapping fixes (a
 * multi-file fix must fit in every file it touches), apply, re-analyse the touched files, repeat.
 * Returns the new text of every file that changed or was created; the caller writes them.
 */
export function fixProject(index: WorkspaceIndex, opts: ProjectFixOptions): { texts: Map<string, string>; applied: number } {
  const texts = new Map<string, string>();
  const current = (file: string) => texts.get(file) ?? opts.readText(file);
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen = new Map<string, TextEdit[]>();
    const creating = new Set<string>();
    const seen = new Set<string>();
    let landed = 0;
    for (const finding of index.allFindings()) {
      if (opts.rules && !opts.rules.has(finding.rule)) continue;
      const fix = finding.fixes.find((f) => f.preferred && allowedBy(f.safety, opts.wanted)) ?? finding.fixes.find((f) => allowedBy(f.safety, opts.wanted));
      if (!fix) continue;
      const key = JSON.stringify(fix.edits);
      if (seen.has(key)) continue;
      seen.add(key);
      const fits = fix.edits.every((fe) => insideRoot(index.root, fe.file)
        && (fe.create ? current(fe.file) === undefined && !creating.has(fe.file)
          : current(fe.file) !== undefined && !fe.edits.some((e) => (chosen.get(fe.file) ?? []).some((c) => overlaps(e, c)))));
      if (!fits || !fixKeepsSyntax(fix, (f) => current(f))) continue;
      for (const fe of fix.edits) {
        chosen.set(fe.file, [...(chosen.get(fe.file) ?? []), ...fe.edits]);
        if (fe.create) creating.add(fe.file);
      }
      landed++;
    }
    if (landed === 0) break;
    for (const [file, edits] of chosen) {
      const next = applyTextEdits(creating.has(file) ? '' : current(file)!, edits);
      texts.set(file, next);
      index.update(file, next);
    }
    applied += landed;
  }
  return { texts, applied };
}
