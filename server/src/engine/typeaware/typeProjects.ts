// The type-aware side of TS/JS analysis: one LanguageService per tsconfig.json (and one for loose files),
// created on first use, kept and updated incrementally as texts change. It reads files (sources, the
// project's node_modules typings, tsconfig) and never runs anything. Callers run it off the typing path:
// the language server in a worker thread, the CLI after the scan.
import path from 'node:path';
import ts from 'typescript';
import { findTsLibDir } from './libFiles';
import { isScriptFile } from '../parse/script';

/** Parsed lib and dependency .d.ts files are shared between the services of a process. */
const registry = ts.createDocumentRegistry();
/** The registry keys documents by name and version: versions are unique process-wide so two projects never share a stale text. */
let nextVersion = 1;

const LOOSE_OPTIONS: ts.CompilerOptions = {
  // checkJs left unset: JS files are then "plain JS", which still get the checker's deprecation suggestions
  allowJs: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext, jsx: ts.JsxEmit.Preserve, skipLibCheck: true, noEmit: true,
  allowNonTsExtensions: true, experimentalDecorators: true,
};

interface Project {
  configFile?: string;
  options: ts.CompilerOptions;
  fileNames: Set<string>;
  service: ts.LanguageService;
  /**
   * The service's program as of the last change. Every service call re-checks every file's version
   * against its program (thousands of files): a pass over N files asks once per file, not twice.
   */
  program?: ts.Program;
}

export interface TypeProjectsOptions {
  root: string;
  /** tsconfig.json files of the workspace (absolute paths). */
  tsconfigs: string[];
  /** Problems with a tsconfig are reported, not thrown. */
  onConfigError?: (file: string, message: string) => void;
}

export class TypeProjects {
  private readonly overlay = new Map<string, { text: string; version: number }>();
  /** Versions by the name the services ask with: they ask for every file of a program on every call. */
  private readonly versions = new Map<string, string>();
  private readonly projects: Project[] = [];
  private loose?: Project;
  private readonly libDir = findTsLibDir();
  private configsRead = false;

  constructor(private readonly opts: TypeProjectsOptions) {}

  /** The current text of a file (an open editor buffer or a fix in progress); undefined: (re-)read it from disk. */
  setText(file: string, text: string | undefined): void {
    const key = normalize(file);
    text ??= ts.sys.readFile(key);
    if (text === undefined) {
      if (this.overlay.delete(key)) this.changed();
      return;
    }
    const prev = this.overlay.get(key);
    if (prev?.text === text) return;
    this.overlay.set(key, { text, version: nextVersion++ });
    this.changed();
    if (isScriptFile(key) && !this.projectOf(key)) this.addLoose(key);
  }

  /** The service and program that own a file, or undefined for files that are not TS/JS. */
  programFor(file: string): { program: ts.Program; source: ts.SourceFile } | undefined {
    const key = normalize(file);
    if (!isScriptFile(key)) return undefined;
    const project = this.projectOf(key) ?? this.addLoose(key);
    const program = (project.program ??= project.service.getProgram());
    const source = program?.getSourceFile(key);
    return program && source ? { program, source } : undefined;
  }

  /** Suggestion diagnostics the compiler marks `reportsDeprecated` (what editors strike through). */
  deprecatedDiagnostics(file: string): ts.DiagnosticWithLocation[] {
    const key = normalize(file);
    if (!isScriptFile(key)) return [];
    const project = this.projectOf(key) ?? this.addLoose(key);
    return project.service.getSuggestionDiagnostics(key).filter((d) => d.reportsDeprecated);
  }

  /** Every script file that some tsconfig includes (what a full pass checks, besides loose files). */
  projectFiles(): string[] {
    this.readConfigs();
    return [...new Set(this.projects.flatMap((p) => [...p.fileNames]))].filter(isScriptFile);
  }

  dispose(): void {
    for (const p of this.projects) p.service.dispose();
    this.loose?.service.dispose();
  }

  private projectOf(file: string): Project | undefined {
    this.readConfigs();
    // the nearest tsconfig that includes the file (by folder; among siblings, the first read, as tsserver does)
    let best: Project | undefined;
    for (const p of this.projects) {
      if (!p.fileNames.has(file)) continue;
      if (!best || path.dirname(p.configFile ?? '').length > path.dirname(best.configFile ?? '').length) best = p;
    }
    return best ?? (this.loose?.fileNames.has(file) ? this.loose : undefined);
  }

  /**
   * One project per tsconfig.json, and per config it references (followed transitively): a solution-style
   * tsconfig.json (`"files": []` + `references`, the Nx/Angular/Vite layout) owns no file itself, its
   * tsconfig.app.json / tsconfig.lib.json / tsconfig.spec.json do, with their `paths`, `lib` and `types`.
   */
  private readConfigs(): void {
    if (this.configsRead) return;
    this.configsRead = true;
    const seen = new Set<string>();
    const read = (configFile: string): void => {
      if (seen.has(normalize(configFile))) return;
      seen.add(normalize(configFile));
      const host: ts.ParseConfigFileHost = {
        ...ts.sys,
        readFile: (f) => this.read(f),
        onUnRecoverableConfigFileDiagnostic: (d) => this.opts.onConfigError?.(configFile, ts.flattenDiagnosticMessageText(d.messageText, ' ')),
      };
      let parsed;
      try {
        parsed = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, host);
      } catch (error) { // the config parser recurses: a deeply nested file overflows the stack
        this.opts.onConfigError?.(configFile, `not read: ${(error as Error)?.message ?? error}`);
        return;
      }
      if (!parsed) return;
      const options = { ...parsed.options, noEmit: true };
      const fileNames = parsed.fileNames.map(normalize).filter(isScriptFile);
      if (fileNames.length || !parsed.projectReferences?.length) this.projects.push(this.makeProject(options, fileNames, configFile));
      for (const e of parsed.errors) this.opts.onConfigError?.(configFile, ts.flattenDiagnosticMessageText(e.messageText, ' '));
      for (const ref of parsed.projectReferences ?? []) read(ts.resolveProjectReferencePath(ref));
    };
    for (const configFile of this.opts.tsconfigs) read(configFile);
  }

  private addLoose(file: string): Project {
    this.loose ??= this.makeProject(LOOSE_OPTIONS, []);
    if (!this.loose.fileNames.has(file)) {
      this.loose.fileNames.add(file);
      this.loose.program = undefined;
    }
    return this.loose;
  }

  private versionOf(file: string): string {
    let version = this.versions.get(file);
    if (version === undefined) this.versions.set(file, (version = String(this.overlay.get(normalize(file))?.version ?? 0)));
    return version;
  }

  /** A text changed: every program may include the file (as a root or an import). */
  private changed(): void {
    this.versions.clear();
    for (const p of this.projects) p.program = undefined;
    if (this.loose) this.loose.program = undefined;
  }

  private makeProject(options: ts.CompilerOptions, fileNames: string[], configFile?: string): Project {
    const names = new Set(fileNames);
    const dir = configFile ? path.dirname(configFile) : this.opts.root;
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [...names],
      getScriptVersion: (f) => this.versionOf(f),
      getScriptSnapshot: (f) => {
        const text = this.read(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => dir,
      getDefaultLibFileName: (o) => path.join(this.libDir, ts.getDefaultLibFileName(o)),
      fileExists: (f) => this.overlay.has(normalize(f)) || ts.sys.fileExists(f),
      readFile: (f) => this.read(f),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
    return { configFile, options, fileNames: names, service: ts.createLanguageService(host, registry) };
  }

  private read(file: string): string | undefined {
    return this.overlay.get(normalize(file))?.text ?? ts.sys.readFile(file);
  }
}

/** The language service asks for every file's version on every call (its up-to-date check): keep the normal forms. */
const normalized = new Map<string, string>();

function normalize(file: string): string {
  if (!path.isAbsolute(file)) return path.resolve(file).split(path.sep).join('/');
  let n = normalized.get(file);
  if (n === undefined) normalized.set(file, (n = path.resolve(file).split(path.sep).join('/')));
  return n;
}
