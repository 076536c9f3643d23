// What one file contributes to the project model. Summaries are small plain data, kept per file, so a
// project-level verdict is recomputed from them without re-parsing anything.
import type { Location, Range } from '../types';

export type WebFramework = 'fastapi' | 'flask' | 'starlette' | 'express' | 'fastify' | 'nest';

/** FastAPI, Flask and Starlette apps are Python's; the others TS/JS's. */
export function isPythonApp(app: { framework: WebFramework }): boolean {
  return app.framework === 'fastapi' || app.framework === 'flask' || app.framework === 'starlette';
}

/** How a TS/JS file writes code, so the lines a fix adds to it look like the rest of it. */
export interface ScriptStyle {
  esm: boolean;
  typescript: boolean;
  quote: "'" | '"';
  semicolon: boolean;
  /** Relative imports name the file's extension (`./db.js`, as ESM under NodeNext needs), not just `./db`. */
  extensionInImports: boolean;
  /** The file's own extension (`.ts`, `.mjs`…): a module the fix creates next to it gets the same. */
  extension: string;
  /** One level of indentation. */
  indent: string;
}

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
  /** TS/JS apps: the file's style, and the port `listen()` is given when it is a literal (or a literal fallback). */
  script?: ScriptStyle;
  listenPort?: number;
  /** TS/JS: the app's `listen(…)` statement in this file, after which a shutdown handler goes. */
  listenSite?: ListenSite;
}

export interface ListenSite {
  /** Where the statement ends, and its indentation. */
  end: Range['start'];
  indent: string;
  /** The variable the returned server is bound to (`const server = app.listen(…)`). */
  server?: string;
  /** A bare `app.listen(…);` statement: where `const <name> = ` can go (a name the file does not use yet). */
  bind?: { at: Range['start']; name: string };
}

export interface RouteSite {
  /** The path as written in this file, with the prefix of a router declared in the same file. */
  path: string;
  /** The path argument alone, and the app/router variable it is registered on (`router.get(…)` → `router`). */
  rawPath: string;
  owner?: string;
  range: Range;
  /** What the handler does, when it could be read: checks a dependency, answers a constant, or unknown. */
  handler?: import('./handlerChecks').HandlerKind;
}

/** `router = APIRouter(prefix="/orders")`, `bp = Blueprint("x", __name__, url_prefix="/x")`. */
export interface RouterSite {
  variable: string;
  framework: WebFramework;
  prefix: string;
  range: Range;
  /** A Nest `@Module`: where a controller is added (`${before}Name${after}` at `at`) and how the file imports. */
  nestModule?: { at: Range['start']; before: string; after: string; importLine: number; style: ScriptStyle; eol: string };
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
  /** TS/JS: the target is this module's export, written inline (`app.use(require('./health'))`), not a name. */
  module?: string;
  /** A target that turns out not to be a router is no gap in the graph: TS/JS middleware (`app.use(auth)`), Python `db.init_app(app)`. */
  optional?: boolean;
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
  /** True when the final stage starts a web server (uvicorn, gunicorn, flask, fastapi…; node, npm start, pm2-runtime…). */
  runsWebServer: boolean;
  /** Tools the image installs or has (curl, wget, python, node), for HEALTHCHECK commands that need them. */
  tools: string[];
  /** The image the final stage is built from (through `FROM <stage>` chains). */
  baseImage?: string;
  /** The base is an official image whose tools are known (python, node, debian, ubuntu, alpine). */
  knownBase: boolean;
  /** The HEALTHCHECK's program when it is curl or wget: the word, and the command after `CMD` (what a fix replaces). */
  healthcheckTool?: { name: 'curl' | 'wget'; range: Range; command: Range };
  /** The last `USER` of the running image, if any. */
  user?: { name: string; range: Range };
  /** Unprivileged users the image has (created with useradd/adduser, or named by a USER), for a fix to switch to. */
  users?: string[];
}

export interface FileSummary {
  apps: AppSite[];
  routes: RouteSite[];
  routers?: RouterSite[];
  includes?: IncludeSite[];
  /** Module-level SQLAlchemy engines (`engine = create_engine(...)`), for a readiness route to ping. */
  engines?: { variable: string; async: boolean }[];
  /** TS/JS: how the file stops gracefully on SIGTERM (project/shutdownSummary.ts), if it does. */
  shutdown?: string;
  /** SQLAlchemy engines created anywhere in the file (a module's, a factory function's). */
  engineCalls?: number;
  /** Top-level imports: local name → qualified name (relative ones keep their leading dots). */
  imports?: Record<string, string>;
  /** TS/JS: local name → the relative module and export it is bound to (`import { r as x } from './r'` → ./r, r). */
  scriptImports?: Record<string, { module: string; name: string }>;
  /** TS/JS: exported name → local variable, or `@module:<specifier>#<name>` for a re-export. */
  exports?: Record<string, string>;
  /** TS/JS: a function that returns one of this file's routers → that router (`createRouter()` → `router`). */
  aliases?: Record<string, string>;
  dockerfile?: DockerfileSummary;
  /** Kubernetes workloads: containers, ports and probes (project/manifestSummary.ts). */
  manifest?: import('./manifestSummary').ManifestSummary;
  /** docker-compose services' healthcheck URLs (project/manifestSummary.ts). */
  compose?: import('./manifestSummary').ComposeSummary;
  /** Pydantic classes, config blocks and v1 method sites (project/pydanticSummary.ts). */
  pydantic?: import('./pydanticSummary').PydanticSummary;
}

export const EMPTY_SUMMARY: FileSummary = { apps: [], routes: [] };

export interface SummaryEntry { file: string; summary: FileSummary }

export function locationsOf(file: string, ranges: Range[]): Location[] {
  return ranges.map((range) => ({ file, range }));
}
