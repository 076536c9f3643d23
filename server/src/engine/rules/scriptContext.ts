// What a TS/JS file rule sees: the compiler's syntax tree of the file and the project's facts.
import type ts from 'typescript';
import type { Finding, RuleMeta } from '../types';
import type { LineIndex } from '../text';
import type { ProjectFacts } from '../workspace/facts';

export interface ScriptFile {
  /** Absolute path. */
  file: string;
  text: string;
  lines: LineIndex;
  source: ts.SourceFile;
  /** TypeScript (`.ts`, `.tsx`, `.mts`, `.cts`) rather than JavaScript. */
  isTypeScript: boolean;
}

export interface ScriptRule {
  meta: RuleMeta;
  check(file: ScriptFile, facts: ProjectFacts): Finding[];
}
