// The analysed state of one workspace folder: per-file results, project facts, project-level findings
// and the checklist. Used by the language server (kept up to date per edit) and the CLI (one scan).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Checklist, Finding } from './types';
import { analyzeFile, finalizeFindings, type FileAnalysis, type RuleErrorHandler } from './analyzeFile';
import { discoverFiles, isInteresting, makeExcluder } from './workspace/discover';
import { deriveFacts, isFactsFile, type ProjectFacts } from './workspace/facts';
import { settingsForPath, type ReadinessSettings } from './config';
import { PROJECT_RULES, TYPED_SCRIPT_RULES, ruleMeta } from './rules/index';
import { ignoreCommentFindings } from './rules/meta/unused-ignore';
import type { SuppressionUsage } from './suppress';
import type { ProjectModel } from './project/model';
import { buildChecklist } from './project/checklist';
import type { Tree } from './parse/python';
import { isScriptFile } from './parse/script';
import { TypeProjects } from './typeaware/typeProjects';
import { analyzeInWorkers, type ScanThreads } from './scanPool';
import { runTypedRules } from './typeaware/runTypedRules';

const TYPE_AWARE = TYPED_SCRIPT_RULES.map((r) => r.meta.id);

export interface ScanProgress { done: number; total: number; file?: string }

export class WorkspaceIndex {
  private readonly results = new Map<string, FileAnalysis>();
  private readonly factsTexts = new Map<string, string>();
  /** Type-aware TS/JS findings per file (suppressions applied). Kept, without fixes, while a newer text waits for its own. */
  private readonly typed = new Map<string, { findings: Finding[]; usage: SuppressionUsage }>();
  /** Texts of TS/JS files, for the in-process type-aware pass (CLI, tests). */
  private readonly scriptTexts = new Map<string, string>();
  private typeProjects?: TypeProjects;
  private excluder?: ReturnType<typeof makeExcluder>;
  /** The analysed files, as handed to the project model (replaced when a file is added or removed). */
  private fileSet?: ReadonlySet<string>;
  private projectCache?: { findings: Map<string, Finding[]>; usage: Map<string, SuppressionUsage> };
  /** The project findings as last computed, kept after a change invalidates them (see `findingsFor(…, stale)`). */
  private lastProject?: { findings: Map<string, Finding[]>; usage: Map<string, SuppressionUsage> };
  facts: ProjectFacts;
  skipped: { rel: string; reason: string }[] = [];

  constructor(readonly root: string, public settings: ReadinessSettings, private readonly onRuleError?: RuleErrorHandler) {
    this.facts = deriveFacts([], settings.pythonTargetVersion);
  }

  rel(file: string): string { return path.relative(this.root, file).split(path.sep).join('/'); }

  /** Inside this folder, not excluded, and a kind of file we read. */
  covers(file: string): boolean {
    const rel = this.rel(file);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    this.excluder ??= makeExcluder(this.settings.exclude);
    return isInteresting(rel) && !this.excluder.ignores(rel);
  }

  /**
   * Reads and analyses every file. With `threads`, the analysis runs on worker threads (the caller's
   * thread only stores results); without, in-process, yielding to the event loop between files.
   * Returns how many worker threads took part (0: all in-process).
   */
  async scan(onProgress?: (p: ScanProgress) => void, isCancelled?: () => boolean, threads?: ScanThreads): Promise<{ workers: number }> {
    const discovery = await discoverFiles(this.root, this.settings);
    this.skipped = discovery.skipped;
    const texts = new Map<string, string>();
    let bytes = 0;
    for (const f of discovery.files) {
      try {
        const text = await fs.readFile(f.path, 'utf8');
        texts.set(f.path, text);
        bytes += text.length;
      } catch { /* vanished meanwhile */ }
    }
    this.results.clear();
    this.fileSet = undefined;
    this.factsTexts.clear();
    this.typed.clear();
    for (const [file, text] of texts) if (isFactsFile(this.rel(file))) this.factsTexts.set(file, text);
    this.refreshFacts();
    let done = 0;
    let lastReport = Date.now();
    const stored = (file: string, analysis: FileAnalysis) => {
      this.store(file, analysis);
      done++;
      if (Date.now() - lastReport > 15) {
        onProgress?.({ done, total: texts.size, file: this.rel(file) });
        lastReport = Date.now();
      }
    };
    let inProcess = [...texts.keys()];
    let workers = 0;
    if (threads && threads.count > 0 && bytes >= (threads.minBytes ?? 0)) {
      const items = inProcess.map((file) => {
        const settings = this.settingsFor(file);
        return { file, text: texts.get(file)!, settings: settings === this.settings ? undefined : settings };
      });
      const outcome = await analyzeInWorkers(threads, { facts: this.facts, settings: this.settings }, items,
        { onResult: stored, onRuleError: this.onRuleError, isCancelled, analyzeHere: (item) => this.analyze(item.file, item.text) });
      if (isCancelled?.()) return { workers };
      workers = outcome.workers;
      for (const c of outcome.crashed) this.skipped.push({ rel: this.rel(c.file), reason: c.reason });
      inProcess = outcome.notStarted.map((i) => i.file);
    }
    for (const file of inProcess) {
      if (isCancelled?.()) return { workers };
      const before = lastReport;
      stored(file, this.analyze(file, texts.get(file)!));
      if (lastReport !== before) await new Promise((r) => setImmediate(r)); // edits are served between files
    }
    for (const [file, text] of texts) if (isScriptFile(file) && this.results.has(file)) this.noteScriptText(file, text);
    // results arrive in any order from several workers: keep discovery order, so reports and evidence are stable
    const analysed = new Map(this.results);
    this.results.clear();
    this.fileSet = undefined;
    for (const file of texts.keys()) { const a = analysed.get(file); if (a) this.results.set(file, a); analysed.delete(file); }
    for (const [file, a] of analysed) this.results.set(file, a); // opened by the editor meanwhile
    onProgress?.({ done, total: texts.size });
    return { workers };
  }

  analyze(file: string, text: string, tree?: Tree): FileAnalysis {
    return analyzeFile(file, text, { facts: this.facts, settings: this.settingsFor(file), onRuleError: this.onRuleError, tree });
  }

  /** Settings with the path overrides of `[[overrides]]` that match this file applied. */
  settingsFor(file: string): ReadinessSettings {
    if (this.settings.overrides.length === 0) return this.settings;
    return settingsForPath(this.settings, this.rel(file), (patterns, rel) => makeExcluder(patterns).ignores(rel));
  }

  /** Records a file's new text. Returns true when project facts changed (every file should be re-checked). */
  update(file: string, text: string, tree?: Tree): { analysis: FileAnalysis; factsChanged: boolean } {
    let factsChanged = false;
    if (isFactsFile(this.rel(file)) && this.factsTexts.get(file) !== text) {
      this.factsTexts.set(file, text);
      factsChanged = this.refreshFacts();
    }
    const analysis = this.analyze(file, text, tree);
    this.store(file, analysis);
    if (isScriptFile(file)) this.noteScriptText(file, text);
    return { analysis, factsChanged };
  }

  private noteScriptText(file: string, text: string): void {
    if (this.scriptTexts.get(file) === text) return;
    this.scriptTexts.set(file, text);
    this.typeProjects?.setText(file, text);
    const typed = this.typed.get(file);
    // stale until the type-aware pass sees this text: still shown, but their edits would land in the wrong place
    if (typed) this.typed.set(file, { ...typed, findings: typed.findings.map((f) => ({ ...f, fixes: [] })) });
  }

  /** Stores the type-aware findings computed for the file's current text (suppressions and severities applied here). */
  setTypedFindings(file: string, raw: Finding[]): void {
    const analysis = this.results.get(file);
    if (!analysis) return;
    const usage: SuppressionUsage = new Set();
    this.typed.set(file, { findings: finalizeFindings(raw, analysis.suppressions, this.settingsFor(file), usage), usage });
  }

  /** Tsconfig files of the workspace (absolute paths). */
  tsconfigs(): string[] {
    return [...this.factsTexts.keys()].filter((f) => path.basename(f) === 'tsconfig.json');
  }

  /**
   * The type-aware pass, in this process (the CLI and tests; the language server runs it in a worker).
   * Checks every TS/JS file the index holds.
   */
  checkTypes(onConfigError?: (file: string, message: string) => void): void {
    if (!TYPE_AWARE.some((id) => this.settings.rules[id] !== 'off')) return;
    this.typeProjects ??= new TypeProjects({ root: this.root, tsconfigs: this.tsconfigs(), onConfigError });
    for (const [file, text] of this.scriptTexts) this.typeProjects.setText(file, text);
    for (const file of this.scriptTexts.keys()) {
      const settings = this.settingsFor(file);
      try {
        this.setTypedFindings(file, runTypedRules(this.typeProjects, file, this.facts, (id) => settings.rules[id] !== 'off', this.onRuleError));
      } catch (error) {
        this.onRuleError?.('type-check', file, error); // e.g. the compiler overflowing its stack on a pathological file
      }
    }
  }

  remove(file: string): void {
    if (this.results.delete(file)) this.fileSet = undefined;
    this.typed.delete(file);
    this.scriptTexts.delete(file);
    this.typeProjects?.setText(file, undefined);
    if (this.factsTexts.delete(file)) this.refreshFacts();
    this.invalidateProject();
  }

  /** The files that have project findings, as last computed (without computing them again). */
  lastProjectFiles(): string[] { return [...(this.projectCache ?? this.lastProject)?.findings.keys() ?? []]; }

  private invalidateProject(): void {
    if (this.projectCache) this.lastProject = this.projectCache;
    this.projectCache = undefined;
  }

  files(): string[] { return [...this.results.keys()]; }

  /** Whether the file is analysed here (without copying the file list). */
  has(file: string): boolean { return this.results.has(file); }

  /**
   * File-rule and project-rule findings for one file, and the findings about its ignore comments.
   * `staleProject`: use the project findings as last computed instead of evaluating the project rules
   * again (O(workspace)); the editor publishes the file being typed in at once this way, and the
   * project's findings once they are recomputed.
   */
  findingsFor(file: string, staleProject = false): Finding[] {
    const analysis = this.results.get(file);
    if (!analysis) return [];
    const project = (staleProject && !this.projectCache && this.lastProject) || this.projectFindingsWithUsage();
    const typed = this.typed.get(file);
    const usage = typed ? new Set([...typed.usage, ...(project.usage.get(file) ?? [])]) : project.usage.get(file);
    return this.withIgnoreFindings(file, analysis, [...analysis.findings, ...(typed?.findings ?? []), ...(project.findings.get(file) ?? [])], usage);
  }

  /**
   * Findings for a text of a file that is not stored (fix-all passes over an editor's buffer): its file
   * findings, the stored project findings of the file, and the ignore-comment findings.
   */
  previewFindings(file: string, text: string): Finding[] {
    const analysis = this.analyze(file, text);
    const project = this.projectFindingsWithUsage();
    return this.withIgnoreFindings(file, analysis, [...analysis.findings, ...(project.findings.get(file) ?? [])], project.usage.get(file));
  }

  private withIgnoreFindings(file: string, analysis: FileAnalysis, findings: Finding[], projectUsage?: SuppressionUsage): Finding[] {
    const settings = this.settingsFor(file);
    const enabled = (id: string) => settings.rules[id] !== 'off';
    if (!enabled('unused-ignore') && !enabled('ignore-without-reason')) return findings;
    const usage = new Set([...analysis.usage, ...(projectUsage ?? [])]);
    const meta = ignoreCommentFindings(file, analysis.suppressions, usage, (id) => !!ruleMeta(id), enabled)
      .filter((f) => enabled(f.rule))
      .map((f) => (settings.rules[f.rule] && settings.rules[f.rule] !== 'off' ? { ...f, severity: settings.rules[f.rule] as Finding['severity'] } : f));
    return meta.length ? [...findings, ...meta] : findings;
  }

  allFindings(): Finding[] {
    return this.files().flatMap((f) => this.findingsFor(f));
  }

  model(): ProjectModel {
    // the same Set while no file comes or goes, so what is derived from the file list alone stays cached
    this.fileSet ??= new Set(this.results.keys());
    return {
      root: this.root, facts: this.facts, files: this.fileSet,
      summaries: [...this.results].map(([file, a]) => ({ file, summary: a.summary })),
    };
  }

  checklist(): Checklist {
    return buildChecklist(this.model(), this.allFindings(), (id) => this.settings.rules[id] !== 'off');
  }

  /** Project findings by file (cached until a file changes). */
  projectFindings(): Map<string, Finding[]> {
    return this.projectFindingsWithUsage().findings;
  }

  private projectFindingsWithUsage(): { findings: Map<string, Finding[]>; usage: Map<string, SuppressionUsage> } {
    if (this.projectCache) return this.projectCache;
    const model = this.model();
    const byFile = new Map<string, Finding[]>();
    for (const rule of PROJECT_RULES) {
      if (this.settings.rules[rule.meta.id] === 'off') continue;
      let found: Finding[] = [];
      try { found = rule.check(model); } catch (error) { this.onRuleError?.(rule.meta.id, this.root, error); }
      for (const f of found) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    }
    const usage = new Map<string, SuppressionUsage>();
    for (const [file, fs] of byFile) {
      const used: SuppressionUsage = new Set();
      byFile.set(file, finalizeFindings(fs, this.results.get(file)?.suppressions ?? new Map(), this.settingsFor(file), used));
      usage.set(file, used);
    }
    return (this.projectCache = { findings: byFile, usage });
  }

  private store(file: string, analysis: FileAnalysis): void {
    if (!this.results.has(file)) this.fileSet = undefined;
    this.results.set(file, analysis);
    this.invalidateProject();
  }

  private refreshFacts(): boolean {
    const key = () => JSON.stringify([this.facts.pythonTarget, [...this.facts.dependencies], [...this.facts.script.packages], this.facts.script.errorCause]);
    const before = key();
    this.facts = deriveFacts([...this.factsTexts].map(([file, text]) => ({ rel: this.rel(file), text })), this.settings.pythonTargetVersion);
    return before !== key();
  }
}
