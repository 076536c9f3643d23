// cors-wildcard: CORS that accepts every origin. FastAPI/Starlette `CORSMiddleware` with
// `allow_origins=["*"]` (or `allow_origin_regex=".*"`), flask-cors `CORS(app)` with its default origins or
// `origins="*"`. An error when credentials are allowed too: both libraries then echo the caller's origin,
// so any web site can make authenticated requests with the user's cookies.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, positionalArguments, stringValue } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import { callsOf, lowerInTests } from './configClasses';

/** Shared with the TS/JS implementation (rules/ts/cors-wildcard.ts). */
export const corsWildcardMeta: RuleMeta = {
  id: 'cors-wildcard',
  family: 'hardening',
  category: 'Security hardening',
  defaultSeverity: 'warning',
  languages: ['python', 'typescript', 'javascript'],
  summary: 'CORS that allows every origin lets any web site call the API from a browser; with credentials, as the signed-in user.',
  fixSafety: 'unsafe', // the TS/JS fix edits; Python findings only suggest (display-only)
  foreignCodes: [],
};
const meta = corsWildcardMeta;

const CORS_MIDDLEWARE = /^(fastapi\.middleware\.cors|starlette\.middleware\.cors)\.CORSMiddleware$/;
const FLASK_CORS = /^flask_cors\.CORS$/;
/** flask-cors reads its options from the app config too: then the defaults may not apply. */
const FLASK_CONFIG = /CORS_ORIGINS|CORS_RESOURCES|\.config\.from_(object|pyfile|envvar|mapping|file|prefixed_env)\b/;

function check(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  if (!/CORS/.test(file.text)) return findings;
  for (const { call, fn, fnText } of callsOf(file)) {
    if (!/(add_middleware|Middleware|CORS|init_app)$/.test(fnText)) continue;
    const q = qualify(fn, file.imports) ?? '';
    if (/\.add_middleware$/.test(fnText) || /^(starlette|fastapi)\.middleware\.Middleware$/.test(q)) {
      const [cls] = positionalArguments(call);
      if (cls && CORS_MIDDLEWARE.test(qualify(cls, file.imports) ?? '')) findings.push(...starlette(file, call));
    } else if (FLASK_CORS.test(q) && positionalArguments(call).length > 0) {
      findings.push(...flask(file, call, call));
    } else if (fn.type === 'attribute' && fnText.endsWith('.init_app')) {
      const created = flaskCorsInstance(file, fn.childForFieldName('object'));
      if (created) findings.push(...flask(file, call, created));
    }
  }
  return lowerInTests(file, findings);
}

function starlette(file: PythonFile, call: Node): Finding[] {
  const origins = keywordArgument(call, 'allow_origins');
  const regex = keywordArgument(call, 'allow_origin_regex');
  const wildcard = origins && wildcardIn(file, origins);
  const anyRegex = regex && /^\^?(\.\*|\.\+|https?\??:\/\/\.[*+])\$?$/.test(stringValue(regex) ?? '');
  if (!wildcard && !anyRegex) return [];
  const at = wildcard ? origins! : regex!;
  const credentials = keywordArgument(call, 'allow_credentials')?.type === 'true';
  return [finding(file, at, credentials ? 'allow_credentials=True' : undefined, wildcard ? '`allow_origins=["*"]`' : '`allow_origin_regex` matching every origin', 'allow_origins')];
}

function flask(file: PythonFile, optionsCall: Node, createCall: Node): Finding[] {
  const origins = keywordArgument(optionsCall, 'origins') ?? keywordArgument(createCall, 'origins');
  const resources = keywordArgument(optionsCall, 'resources') ?? keywordArgument(createCall, 'resources');
  const credentials = (keywordArgument(optionsCall, 'supports_credentials') ?? keywordArgument(createCall, 'supports_credentials'))?.type === 'true';
  let at: Node | undefined;
  let what = '';
  if (origins) {
    if (!wildcardIn(file, origins)) return [];
    at = origins;
    what = '`origins="*"`';
  } else if (resources?.type === 'dictionary') {
    // {r"/api/*": {"origins": "*"}}: each resource's own origins, else the default ("*")
    for (const pair of resources.namedChildren) {
      const options = pair?.type === 'pair' ? pair.childForFieldName('value') : undefined;
      if (options?.type !== 'dictionary') return [];
      const own = options.namedChildren.find((p) => p?.type === 'pair' && stringValue(p.childForFieldName('key')) === 'origins');
      const value = own?.childForFieldName('value');
      if (value ? wildcardIn(file, value) : !FLASK_CONFIG.test(file.text)) {
        at = value ?? pair!;
        what = value ? '`"origins": "*"`' : 'a resource without `origins`, which flask-cors defaults to "*"';
        break;
      }
    }
    if (!at) return [];
  } else if (resources) {
    return []; // resources from a variable: unknown
  } else {
    if (FLASK_CONFIG.test(file.text)) return [];
    at = optionsCall.childForFieldName('arguments')!;
    what = `\`${optionsCall.childForFieldName('function')!.text}(…)\` without \`origins\`, which flask-cors defaults to "*"`;
  }
  return [finding(file, at, credentials ? 'supports_credentials=True' : undefined, what, 'origins')];
}

/** `cors = CORS()` at module level, for `cors.init_app(app, …)`. */
function flaskCorsInstance(file: PythonFile, receiver: Node | null): Node | undefined {
  if (receiver?.type !== 'identifier') return undefined;
  for (const stmt of file.root.namedChildren) {
    const assign = stmt?.type === 'expression_statement' ? stmt.firstNamedChild : undefined;
    const right = assign?.type === 'assignment' && assign.childForFieldName('left')?.text === receiver.text ? assign.childForFieldName('right') : undefined;
    if (right?.type === 'call' && FLASK_CORS.test(qualify(right.childForFieldName('function'), file.imports) ?? '')) return right;
  }
  return undefined;
}

/** `"*"`, or a list/tuple/set containing `"*"`, directly or through a module-level constant. */
function wildcardIn(file: PythonFile, value: Node): boolean {
  const v = value.type === 'identifier' ? moduleConstant(file, value.text) ?? value : value;
  if (stringValue(v) === '*') return true;
  return ['list', 'tuple', 'set'].includes(v.type) && v.namedChildren.some((c) => stringValue(c) === '*');
}

function moduleConstant(file: PythonFile, name: string): Node | undefined {
  const values: Node[] = [];
  for (const stmt of file.root.namedChildren) {
    const assign = stmt?.type === 'expression_statement' ? stmt.firstNamedChild : undefined;
    if (assign?.type === 'assignment' && assign.childForFieldName('left')?.text === name) {
      const right = assign.childForFieldName('right');
      if (right) values.push(right);
    }
  }
  return values.length === 1 ? values[0] : undefined;
}

function finding(file: PythonFile, at: Node, credentials: string | undefined, what: string, option: string): Finding {
  const message = credentials
    ? `CORS allows every origin (${what}) together with \`${credentials}\`: the browser then sends cookies, and the library echoes the caller's origin, so any web site can act as the signed-in user. List the front-end origins explicitly.`
    : `CORS allows every origin (${what}): any web site can call this API from a visitor's browser. List the front-end origins explicitly (for example from settings), unless this is a public API.`;
  const fix: Fix = {
    title: `List the allowed origins explicitly, for example \`${option}=settings.cors_origins\` (which origins is deployment knowledge: no automatic edit)`,
    safety: 'display-only', edits: [],
  };
  return makeFinding(meta, file.file, at, message, [fix], { severity: credentials ? 'error' : 'warning' });
}

export const corsWildcard: PythonRule = { meta, check };
