// What one file contributes to the project model. Summaries are small plain data, kept per file, so a
// project-level verdict is recomputed from them without re-parsing anything.
import type { Location, Range } from '../types';

export type WebFramework = 'fastapi' | 'flask';

export interface AppSite {
  framework: WebFramework;
  /** Variable the app is bound to (`app`), if any. */
  variable?: string;
  /** The construction call (`FastAPI(...)`), where findings go. */
  range: Range;
  /** The statement that binds it: wiring code is inserted after it, with its indentation. */
  statementEndLine: number;
  indent: string;
  /** How this module imports its siblings: 'relative' (`from .x import`), a package name, or 'top-level'. */
  siblingImportStyle: string;
  /** Line where a new top-level import goes (after the existing imports). */
  importLine: number;
  eol: string;
  /** The binding statement ends the file: wiring then needs a line break of its own first. */
  statementEndsFile: boolean;
}

export interface RouteSite {
  /** The path as written in this file, with the prefix of a router declared in the same file. */
  path: string;
  range: Range;
}

export interface DockerfileSummary {
  healthcheck?: Range;
  /** `HEALTHCHECK NONE` disables an inherited check. */
  healthcheckDisabled: boolean;
}

export interface FileSummary {
  apps: AppSite[];
  routes: RouteSite[];
  dockerfile?: DockerfileSummary;
}

export const EMPTY_SUMMARY: FileSummary = { apps: [], routes: [] };

export interface SummaryEntry { file: string; summary: FileSummary }

export function locationsOf(file: string, ranges: Range[]): Location[] {
  return ranges.map((range) => ({ file, range }));
}
