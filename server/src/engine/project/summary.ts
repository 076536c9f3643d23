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
  /** The path argument alone, and the app/router variable it is registered on (`router.get(…)` → `router`). */
  rawPath: string;
  owner?: string;
  range: Range;
}

/** `router = APIRouter(prefix="/orders")`, `bp = Blueprint("x", __name__, url_prefix="/x")`. */
export interface RouterSite {
  variable: string;
  framework: WebFramework;
  prefix: string;
  range: Range;
}

/**
 * `app.include_router(orders.router, prefix="/v1")`, `app.register_blueprint(bp, url_prefix=…)`,
 * `app.mount("/admin", admin_app)`: the owner variable, the target as written (dotted), the prefix.
 */
export interface IncludeSite {
  owner: string;
  target: string;
  /** undefined: no prefix given (Flask then keeps the blueprint's own url_prefix). */
  prefix?: string;
  range: Range;
}

export interface DockerfileSummary {
  healthcheck?: Range;
  /** `HEALTHCHECK NONE` disables an inherited check. */
  healthcheckDisabled: boolean;
  /** The HEALTHCHECK command's text and the http URL it probes, if any. */
  healthcheckCommand?: string;
  healthcheckUrl?: { text: string; port?: number; path: string; range: Range };
  /** The final stage's FROM instruction (where a missing HEALTHCHECK is reported). */
  finalFrom?: Range;
  /** Line before which a new HEALTHCHECK goes: the final stage's CMD/ENTRYPOINT, else its end. */
  insertLine: number;
  /** The port the final stage serves on: CMD/ENTRYPOINT `--port`/`--bind`/`-b`, else EXPOSE. */
  servedPort?: number;
  /** True when the final stage starts a Python web server (uvicorn, gunicorn, hypercorn, flask, fastapi). */
  runsWebServer: boolean;
  /** Tools the image installs or has (curl, wget), for HEALTHCHECK commands that need them. */
  tools: string[];
  baseImage?: string;
}

export interface FileSummary {
  apps: AppSite[];
  routes: RouteSite[];
  routers?: RouterSite[];
  includes?: IncludeSite[];
  /** Top-level imports: local name → qualified name (relative ones keep their leading dots). */
  imports?: Record<string, string>;
  dockerfile?: DockerfileSummary;
  /** Pydantic classes, config blocks and v1 method sites (project/pydanticSummary.ts). */
  pydantic?: import('./pydanticSummary').PydanticSummary;
}

export const EMPTY_SUMMARY: FileSummary = { apps: [], routes: [] };

export interface SummaryEntry { file: string; summary: FileSummary }

export function locationsOf(file: string, ranges: Range[]): Location[] {
  return ranges.map((range) => ({ file, range }));
}
