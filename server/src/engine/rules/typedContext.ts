// What a type-aware TS/JS rule sees: the file in its program (type checker included) and the compiler's
// deprecation diagnostics. These rules run off the typing path (a worker in the editor, after the scan in the CLI).
import type ts from 'typescript';
import type { Finding, RuleMeta } from '../types';
import type { ProjectFacts } from '../workspace/facts';

export interface TypedScriptFile {
  file: string;
  text: string;
  source: ts.SourceFile;
  checker: ts.TypeChecker;
  /** The compiler's suggestion diagnostics for uses of `@deprecated` symbols in this file. */
  deprecated(): ts.DiagnosticWithLocation[];
}

export interface TypedScriptRule {
  meta: RuleMeta;
  check(file: TypedScriptFile, facts: ProjectFacts): Finding[];
}
