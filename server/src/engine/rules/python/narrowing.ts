// Which exceptions a `try` body can raise, inferred from the calls and subscripts in it. Used by the fix
// of broad-except and bare-except ("Catch only …"). The table is data: add a row to teach it a library.
// Documented in docs/rules/broad-except.md ("Fix"); keep the two in step.
import type { Node } from 'web-tree-sitter';
import { descendantsInScope, keywordArgument } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import type { PythonFile } from '../context';
import { atLeast, type ProjectFacts, type PythonVersion } from '../../workspace/facts';
import { ReceiverResolver, type ReceiverKind } from './receivers';

/** An exception to catch: a builtin (`module` empty) or `module.name`. */
export interface ExceptionRef { module: string; name: string }

export interface NarrowingEntry {
  /** A call whose qualified callee matches (through the file's imports; builtins as `builtins.x`). */
  calls?: RegExp;
  /** Or a method call on a receiver of this kind (resolved in the same file, see receivers.ts). */
  receiver?: ReceiverKind;
  methods?: RegExp;
  /** Or a subscript: `d["k"]` (string key) / `xs[0]`, `xs[-1]` (integer index). */
  subscript?: 'key' | 'index';
  /** Only when the call passes this keyword argument with a matching value (`check=True`). */
  keyword?: { name: string; value: RegExp };
  raises: ExceptionRef[];
  /** What it raises instead on Python targets below `below` (fixes must run on the project's oldest Python). */
  legacy?: { below: PythonVersion; raises: ExceptionRef[] };
}

const builtin = (name: string): ExceptionRef => ({ module: '', name });
const ref = (module: string, name: string): ExceptionRef => ({ module, name });
const ANY_METHOD = /^\w+$/;
const HTTP_METHODS = /^(get|post|put|patch|delete|head|options|request)$/;

export const NARROWING_TABLE: NarrowingEntry[] = [
  // Parsing values
  { calls: /^json\.(loads|load)$/, raises: [ref('json', 'JSONDecodeError')] },
  { calls: /^builtins\.(int|float|complex)$/, raises: [builtin('ValueError')] },
  // `Decimal("x")` raises decimal.InvalidOperation, which derives from ArithmeticError, not ValueError.
  { calls: /^decimal\.Decimal$/, raises: [ref('decimal', 'InvalidOperation')] },
  { calls: /^uuid\.UUID$|^datetime\.(datetime|date|time)\.(fromisoformat|strptime)$|^ipaddress\.(ip_address|ip_network|ip_interface)$/, raises: [builtin('ValueError')] },
  // Files and processes. os.* except the functions that do no I/O; os.path.* only where it stats a file.
  { calls: /^(builtins\.open|io\.open)$/, raises: [builtin('OSError')] },
  { calls: /^os\.(?!(getenv|getenvb|putenv|unsetenv|fspath|fsencode|fsdecode|getpid|getppid|getuid|geteuid|getgid|getegid|cpu_count|process_cpu_count|strerror|walk|fwalk|system|get_exec_path|urandom)$)\w+$/, raises: [builtin('OSError')] },
  { calls: /^os\.path\.(getsize|getmtime|getatime|getctime|samefile)$/, raises: [builtin('OSError')] },
  { calls: /^shutil\.(?!(which|get_terminal_size|register_archive_format|unregister_archive_format|register_unpack_format|unregister_unpack_format|get_archive_formats|get_unpack_formats|ignore_patterns)$)\w+$/, raises: [builtin('OSError')] },
  { receiver: 'file', methods: /^(read|readline|readlines|write|writelines|seek|tell|flush|truncate|fileno|close)$/, raises: [builtin('OSError')] },
  { receiver: 'pathlib', methods: /^(read_text|read_bytes|write_text|write_bytes|open|mkdir|rmdir|unlink|rename|replace|touch|stat|lstat|chmod|lchmod|iterdir|symlink_to|hardlink_to|readlink|owner|group|samefile|copy|copy_into|move|move_into)$/, raises: [builtin('OSError')] },
  { calls: /^subprocess\.run$/, keyword: { name: 'check', value: /^True$/ }, raises: [ref('subprocess', 'CalledProcessError')] },
  { calls: /^subprocess\.(check_call|check_output)$/, raises: [ref('subprocess', 'CalledProcessError')] },
  { calls: /^subprocess\.(run|call|check_call|check_output)$/, keyword: { name: 'timeout', value: /^(?!None$)/ }, raises: [ref('subprocess', 'TimeoutExpired')] },
  // asyncio.TimeoutError is the builtin TimeoutError only from Python 3.11 on.
  { calls: /^asyncio\.(wait_for|timeout|timeout_at)$/, raises: [builtin('TimeoutError')], legacy: { below: [3, 11], raises: [ref('asyncio', 'TimeoutError')] } },
  // HTTP clients
  { calls: /^requests(\.api)?\.(get|post|put|patch|delete|head|options|request)$/, raises: [ref('requests', 'RequestException')] },
  { receiver: 'requests', methods: /^(get|post|put|patch|delete|head|options|request|send)$/, raises: [ref('requests', 'RequestException')] },
  // `response.json()` of requests raises requests.JSONDecodeError, a RequestException.
  { receiver: 'requests-response', methods: /^(json|raise_for_status|iter_content|iter_lines)$/, raises: [ref('requests', 'RequestException')] },
  { calls: /^httpx\.(get|post|put|patch|delete|head|options|request|stream)$/, raises: [ref('httpx', 'HTTPError')] },
  // httpx decodes JSON with the json module: its error is not an httpx.HTTPError.
  { receiver: 'httpx-response', methods: /^json$/, raises: [ref('json', 'JSONDecodeError')] },
  { receiver: 'httpx-response', methods: /^(raise_for_status|read|aread|iter_bytes|iter_text|iter_lines|aiter_bytes|aiter_text|aiter_lines)$/, raises: [ref('httpx', 'HTTPError')] },
  { receiver: 'httpx', methods: /^(get|post|put|patch|delete|head|options|request|send|stream)$/, raises: [ref('httpx', 'HTTPError')] },
  { calls: /^aiohttp\.request$/, raises: [ref('aiohttp', 'ClientError')] },
  { receiver: 'aiohttp', methods: HTTP_METHODS, raises: [ref('aiohttp', 'ClientError')] },
  { receiver: 'aiohttp', methods: /^ws_connect$/, raises: [ref('aiohttp', 'ClientError')] },
  { receiver: 'aiohttp-response', methods: /^(raise_for_status|text|read|json|release)$/, raises: [ref('aiohttp', 'ClientError')] },
  { receiver: 'aiohttp-response', methods: /^json$/, raises: [ref('json', 'JSONDecodeError')] },
  // Databases, caches, cloud SDKs: any method of a client made in this file.
  { calls: /^asyncpg\.(connect|create_pool)$|^asyncpg\.pool\.create_pool$/, raises: [ref('asyncpg', 'PostgresError')] },
  { receiver: 'asyncpg', methods: ANY_METHOD, raises: [ref('asyncpg', 'PostgresError')] },
  { calls: /^sqlalchemy\.(?!exc\.)[\w.]+$/, raises: [ref('sqlalchemy.exc', 'SQLAlchemyError')] },
  { receiver: 'sqlalchemy', methods: ANY_METHOD, raises: [ref('sqlalchemy.exc', 'SQLAlchemyError')] },
  { receiver: 'redis', methods: ANY_METHOD, raises: [ref('redis', 'RedisError')] },
  { calls: /^boto3(\.session)?\.(client|resource)$/, raises: [ref('botocore.exceptions', 'BotoCoreError')] },
  { receiver: 'boto3', methods: ANY_METHOD, raises: [ref('botocore.exceptions', 'BotoCoreError'), ref('botocore.exceptions', 'ClientError')] },
  // Lookups
  { subscript: 'key', raises: [builtin('KeyError')] },
  { subscript: 'index', raises: [builtin('IndexError')] },
];

/** Known subclass → base: the subclass is dropped when its base is caught too (`ValueError` covers `JSONDecodeError`). */
const BASE_OF: Record<string, string> = { 'json.JSONDecodeError': 'ValueError', TimeoutError: 'OSError' };

/** Builtin callables recognised without an import. */
const BUILTINS = new Set(['int', 'float', 'complex', 'open']);

/**
 * Calls that do not fail in normal use, so they do not make the inference incomplete: builtins,
 * clock / id / path-string helpers, common str, list and dict methods, logging calls.
 */
const SAFE_BUILTINS = new Set(['len', 'str', 'repr', 'bool', 'isinstance', 'issubclass', 'print', 'dict', 'list', 'set', 'tuple',
  'frozenset', 'sorted', 'reversed', 'enumerate', 'zip', 'range', 'any', 'all', 'abs', 'round', 'hash', 'id', 'type', 'hasattr',
  'callable', 'super', 'iter', 'map', 'filter']);
const SAFE_CALLS = /^(time\.(time|monotonic|perf_counter|sleep)|datetime\.datetime\.(now|utcnow|today)|datetime\.date\.today|uuid\.uuid4|asyncio\.sleep|os\.path\.(join|basename|dirname|exists|isfile|isdir|islink|splitext|abspath|normpath|expanduser)|os\.(getenv|fspath)|os\.environ\.get|shutil\.which|re\.(match|search|fullmatch|findall|finditer|sub|split|escape)|logging\.(getLogger|debug|info|warning|error|exception|critical))$/;
const SAFE_METHODS = /^(strip|lstrip|rstrip|split|rsplit|splitlines|lower|upper|casefold|title|startswith|endswith|replace|join|append|extend|insert|items|keys|values|copy|isoformat|encode|count|find|rfind|add|update|setdefault|isdigit|isalpha|isalnum|isspace|debug|info|warning|exception)$/;

export function refKey(r: ExceptionRef): string { return r.module ? `${r.module}.${r.name}` : r.name; }

/** True when catching `present` (qualified names) already catches `r`. */
export function coveredBy(r: ExceptionRef, present: Iterable<string>): boolean {
  const all = new Set(present);
  for (let k: string | undefined = refKey(r); k; k = BASE_OF[k]) if (all.has(k)) return true;
  return false;
}

export interface Inference {
  raises: ExceptionRef[];
  /** False when the body also calls something the table does not know: the list may then be incomplete. */
  complete: boolean;
}

const perFile = new WeakMap<PythonFile, { resolver: ReceiverResolver; shadowed: Set<string> }>();

export function inferRaisedExceptions(tryBody: Node, file: PythonFile, facts: ProjectFacts): Inference {
  let ctx = perFile.get(file);
  if (!ctx) perFile.set(file, ctx = { resolver: new ReceiverResolver(file.imports), shadowed: topLevelNames(file.root) });
  const { resolver, shadowed } = ctx;
  const found: ExceptionRef[] = [];
  let complete = true;
  const add = (raises: ExceptionRef[]) => {
    for (const r of raises) if (!found.some((f) => refKey(f) === refKey(r))) found.push(r);
  };
  const entryRaises = (e: NarrowingEntry) => e.legacy && !atLeast(facts.pythonTarget, ...e.legacy.below) ? e.legacy.raises : e.raises;
  // `raise X(...)` in the body raises X.
  const raisedCalls = new Set<number>();
  for (const r of descendantsInScope(tryBody, ['raise_statement'])) {
    const raised = r.namedChildren.find((c): c is Node => !!c && c.type !== 'comment' && c.id !== r.childForFieldName('cause')?.id);
    if (!raised) continue;
    const cls = raised.type === 'call' ? raised.childForFieldName('function') : raised;
    const ref = cls && exceptionRef(cls, file);
    if (ref) add([ref]); else complete = false;
    if (raised.type === 'call') raisedCalls.add(raised.id);
  }
  for (const node of descendantsInScope(tryBody, ['call', 'subscript'])) {
    if (node.type === 'subscript') {
      const kind = subscriptKind(node, file);
      const entry = kind && NARROWING_TABLE.find((e) => e.subscript === kind);
      if (entry) add(entryRaises(entry));
      continue;
    }
    if (raisedCalls.has(node.id)) continue;
    const fn = node.childForFieldName('function');
    let name = qualify(fn, file.imports);
    const builtinName = !name && fn?.type === 'identifier' && !shadowed.has(fn.text) ? fn.text : undefined;
    if (builtinName && BUILTINS.has(builtinName)) name = `builtins.${builtinName}`;
    let receiver: ReceiverKind | undefined;
    let method: string | undefined;
    if (!name && fn?.type === 'attribute') {
      receiver = resolver.kindOf(fn.childForFieldName('object'));
      method = fn.childForFieldName('attribute')?.text;
    }
    let matched = false;
    for (const e of NARROWING_TABLE) {
      const matches = e.calls ? !!name && e.calls.test(name)
        : e.receiver ? !!receiver && !!method && e.receiver === receiver && !!e.methods?.test(method) : false;
      if (!matches) continue;
      if (e.keyword) {
        const value = keywordArgument(node, e.keyword.name);
        if (!value || !e.keyword.value.test(value.text)) continue;
      }
      matched = true;
      add(entryRaises(e));
    }
    const safe = (builtinName && SAFE_BUILTINS.has(builtinName)) || (name && SAFE_CALLS.test(name))
      || (!!method && SAFE_METHODS.test(method))
      || !!receiver // another method of a client the table knows (`session.close()`)
      || !!resolver.kindOf(node) // making a client or a path (`httpx.Client()`, `Path(...)`)
      || (!!name && NARROWING_TABLE.some((e) => e.calls?.test(name!))); // a known call whose keyword condition failed (`subprocess.run` without `check=True`)
    if (!matched && !safe) complete = false;
  }
  // Drop what a base in the list already catches.
  return { raises: found.filter((r) => !coveredBy(r, found.filter((o) => o !== r).map(refKey))), complete };
}

/** The exception class a `raise` names: a builtin, an imported class (`module.name`) or one of this module. */
function exceptionRef(cls: Node, file: PythonFile): ExceptionRef | undefined {
  const q = qualify(cls, file.imports);
  if (q) {
    const dot = q.lastIndexOf('.');
    return dot < 0 ? undefined : { module: q.slice(0, dot), name: q.slice(dot + 1) };
  }
  return cls.type === 'identifier' && /^[A-Z]\w*(Error|Exception|Exit|Interrupt|Warning)$/.test(cls.text) ? builtin(cls.text) : undefined;
}

/** `d["k"]` → 'key', `xs[0]` / `xs[-1]` → 'index'; nothing for slices, variables, stores and type expressions. */
function subscriptKind(node: Node, file: PythonFile): 'key' | 'index' | undefined {
  const parent = node.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) return undefined; // d["k"] = v
  for (let p: Node | null = parent; p && p.type !== 'block'; p = p.parent) {
    if (p.type === 'type' || p.type === 'generic_type') return undefined; // annotations
  }
  if (/^(typing|typing_extensions|collections\.abc)\./.test(qualify(node.childForFieldName('value'), file.imports) ?? '')) return undefined;
  const keys = node.childrenForFieldName('subscript').filter((k): k is Node => !!k);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  if (key.type === 'string' || key.type === 'concatenated_string') return 'key';
  if (key.type === 'integer') return 'index';
  if (key.type === 'unary_operator' && key.childForFieldName('argument')?.type === 'integer') return 'index';
  return undefined;
}

/** Names the module itself defines at top level (a local `def open(...)` is not the builtin). */
function topLevelNames(root: Node): Set<string> {
  const out = new Set<string>();
  for (const stmt of root.namedChildren) {
    if (!stmt) continue;
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'function_definition' || def?.type === 'class_definition') {
      const n = def.childForFieldName('name')?.text;
      if (n) out.add(n);
    } else if (stmt.type === 'expression_statement' && stmt.firstNamedChild?.type === 'assignment') {
      const left = stmt.firstNamedChild.childForFieldName('left');
      if (left?.type === 'identifier') out.add(left.text);
    }
  }
  return out;
}
