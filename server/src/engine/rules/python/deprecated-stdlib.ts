// deprecated-stdlib: standard-library modules and functions that are deprecated or already removed,
// so that upgrading Python breaks the code (`distutils`, `imp`, PEP 594's "dead batteries",
// `ssl.wrap_socket`, `asyncio.get_event_loop()` with no loop, `logging.warn`, …) plus setuptools'
// `pkg_resources`. One table (documented in docs/rules/deprecated-stdlib.md), version-aware: an error
// when the project's Python target no longer has it, a warning before. Imports guarded by
// `try/except ImportError` or a `sys.version_info` check are left alone. Only mechanical, behaviour-
// preserving rewrites get a fix (`logging.warn` → `warning`, ABCs imported from `collections`).
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta, Severity } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import { importedNames, insideImport, moveImportedNames, originalName } from '../../parse/pyedit';
import { atLeast, type ProjectFacts, type PythonVersion } from '../../workspace/facts';

const meta: RuleMeta = {
  id: 'deprecated-stdlib',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'Standard-library modules and functions that are deprecated or removed in the Python versions the project targets (`distutils`, `imp`, `ssl.wrap_socket`, …).',
  fixSafety: 'safe',
  foreignCodes: ['G010', 'PGH002', 'deprecated-module', 'deprecated-method'],
};

interface Entry {
  /** Module (`distutils`) or qualified API (`ssl.wrap_socket`). */
  name: string;
  /** Python version that deprecated it (text), when it is the standard library's. */
  deprecated?: string;
  /** First Python version without it (or where it raises). */
  removed?: PythonVersion;
  /** What to use instead (Markdown). */
  use: string;
  /** Why it matters beyond the version table. */
  note?: string;
}

const pep594 = (name: string, use: string): Entry => ({ name, deprecated: '3.11', removed: [3, 13], use });

/** Modules: any import of them or of a submodule. */
export const MODULES: Entry[] = [
  { name: 'distutils', deprecated: '3.10', removed: [3, 12], use: 'setuptools for builds, `sysconfig`, `shutil.which`, `shutil.copytree`, `packaging.version.Version`' },
  { name: 'imp', deprecated: '3.4', removed: [3, 12], use: '`importlib` (`importlib.reload`, `importlib.util.spec_from_file_location`)' },
  { name: 'asynchat', deprecated: '3.6', removed: [3, 12], use: '`asyncio`' },
  { name: 'asyncore', deprecated: '3.6', removed: [3, 12], use: '`asyncio`' },
  { name: 'smtpd', deprecated: '3.6', removed: [3, 12], use: '`aiosmtpd` (PyPI)' },
  pep594('aifc', '`soundfile` or `pydub` (PyPI)'),
  pep594('audioop', '`audioop-lts` or `numpy` (PyPI)'),
  pep594('cgi', '`urllib.parse.parse_qsl`, `email.message.EmailMessage`, or `multipart` (PyPI) for form data'),
  pep594('cgitb', '`traceback` and `faulthandler`'),
  pep594('chunk', '`struct`'),
  pep594('crypt', '`hashlib`, or `bcrypt` / `passlib` (PyPI) for password hashes'),
  pep594('imghdr', '`filetype` or `puremagic` (PyPI), or Pillow'),
  pep594('mailcap', '`mimetypes`'),
  pep594('msilib', 'building installers with another tool'),
  pep594('nis', 'a maintained NIS/LDAP client'),
  pep594('nntplib', '`nntplib` from PyPI'),
  pep594('ossaudiodev', '`sounddevice` or `pyalsaaudio` (PyPI)'),
  pep594('pipes', '`subprocess` and `shlex.quote`'),
  pep594('sndhdr', '`filetype` or `puremagic` (PyPI)'),
  pep594('spwd', '`python-pam` (PyPI)'),
  pep594('sunau', '`soundfile` or `pydub` (PyPI)'),
  pep594('telnetlib', '`telnetlib3` or `Exscript` (PyPI)'),
  pep594('uu', '`base64`'),
  pep594('xdrlib', '`struct`'),
  { name: 'lib2to3', deprecated: '3.11', removed: [3, 13], use: '`ast`, LibCST or parso' },
  { name: 'pkg_resources', use: '`importlib.metadata` (`version()`, `entry_points()`), `importlib.resources.files()` and `packaging.version`',
    note: 'setuptools deprecated it, and Python 3.12+ virtual environments no longer come with setuptools' },
];

const COLLECTIONS_ABCS = ['AsyncGenerator', 'AsyncIterable', 'AsyncIterator', 'Awaitable', 'ByteString', 'Callable',
  'Collection', 'Container', 'Coroutine', 'Generator', 'Hashable', 'ItemsView', 'Iterable', 'Iterator', 'KeysView',
  'Mapping', 'MappingView', 'MutableMapping', 'MutableSequence', 'MutableSet', 'Reversible', 'Sequence', 'Set', 'Sized',
  'ValuesView'];

/** Functions, classes and aliases: references through the module, or imports of the name. */
export const APIS: Entry[] = [
  { name: 'logging.warn', deprecated: '3.3', use: '`logging.warning` (same function)' },
  { name: 'ssl.wrap_socket', deprecated: '3.7', removed: [3, 12], use: '`ssl.create_default_context().wrap_socket(sock, server_hostname=host)` (it verifies certificates by default)' },
  { name: 'ssl.match_hostname', deprecated: '3.7', removed: [3, 12], use: 'an `SSLContext` with `check_hostname=True`' },
  { name: 'asyncio.get_event_loop', deprecated: '3.10', removed: [3, 14], use: '`asyncio.run(main())`, or `asyncio.new_event_loop()` with `asyncio.set_event_loop()` when the loop object is needed' },
  { name: 'asyncio.coroutine', deprecated: '3.8', removed: [3, 11], use: '`async def`' },
  { name: 'inspect.getargspec', deprecated: '3.0', removed: [3, 11], use: '`inspect.signature()` or `inspect.getfullargspec()`' },
  { name: 'configparser.SafeConfigParser', deprecated: '3.2', removed: [3, 12], use: '`configparser.ConfigParser`' },
  ...COLLECTIONS_ABCS.map((n) => ({ name: `collections.${n}`, deprecated: '3.3', removed: [3, 10] as PythonVersion, use: `\`collections.abc.${n}\`` })),
];

const API_BY_NAME = new Map(APIS.map((e) => [e.name, e]));
/** Last parts of the API names: a cheap test before resolving an attribute through the imports. */
const API_ATTRIBUTES = new Set(APIS.map((e) => e.name.slice(e.name.lastIndexOf('.') + 1)));

function check(file: PythonFile, facts: ProjectFacts): Finding[] {
  const out: Finding[] = [];
  const report = (node: Node, what: string, entry: Entry, fixes: Fix[] = []) =>
    out.push(makeFinding(meta, file.file, node, message(what, entry, facts), fixes,
      { tags: ['deprecated'], severity: severity(entry, facts) }));

  for (const stmt of file.nodes(['import_statement', 'import_from_statement'])) {
    if (!stmt || guarded(stmt)) continue;
    if (stmt.type === 'import_statement') {
      for (const entry of importedNames(stmt)) {
        const module = entry.type === 'aliased_import' ? entry.childForFieldName('name')?.text : entry.text;
        const found = module && moduleEntry(module);
        if (found) report(entry, `\`${found.name}\``, found);
      }
      continue;
    }
    const moduleNode = stmt.childForFieldName('module_name');
    const module = moduleNode?.type === 'dotted_name' ? moduleNode.text : undefined;
    if (!module) continue;
    const found = moduleEntry(module);
    if (found) { report(moduleNode!, `\`${found.name}\``, found); continue; }
    // Importing `get_event_loop` by name is fine: only some calls of it are a problem.
    const apis = importedNames(stmt).map((e) => ({ e, entry: API_BY_NAME.get(`${module}.${originalName(e)}`) }))
      .filter((x) => x.entry && x.entry.name !== 'asyncio.get_event_loop');
    const abcs = module === 'collections' ? apis.filter((x) => x.entry!.name.startsWith('collections.')).map((x) => x.e) : [];
    const moved = abcs.length ? moveImportedNames(file.lines, stmt, abcs, 'collections.abc') : undefined;
    const abcFix: Fix[] = moved ? [{ title: `Import \`${abcs.map(originalName).join('`, `')}\` from \`collections.abc\``, safety: 'safe', preferred: true, edits: [{ file: file.file, edits: moved }] }] : [];
    for (const { e, entry } of apis) report(e, `\`${entry!.name}\``, entry!, abcs.includes(e) ? abcFix : []);
  }

  for (const attr of file.nodes('attribute')) {
    if (!attr || !API_ATTRIBUTES.has(attr.childForFieldName('attribute')?.text ?? '') || insideImport(attr)) continue;
    const name = qualify(attr, file.imports);
    const entry = name ? API_BY_NAME.get(name) : undefined;
    if (!entry || guarded(attr)) continue;
    if (name === 'asyncio.get_event_loop') {
      const call = attr.parent?.type === 'call' && attr.parent.childForFieldName('function')?.id === attr.id ? attr.parent : undefined;
      if (call && outsideRunningLoop(call)) report(call, '`asyncio.get_event_loop()` with no running event loop', entry);
    } else if (name === 'logging.warn') {
      report(attr, '`logging.warn`', entry, [renameWarn(file, attr)]);
    } else {
      report(attr, `\`${entry.name}\``, entry);
    }
  }

  // `logger.warn(...)` on a `logging.getLogger(...)` logger: the same deprecated alias.
  const loggers = loggerNames(file);
  for (const call of file.nodes('call')) {
    const fn = call?.childForFieldName('function');
    if (call && fn?.type === 'identifier' && file.imports.names.get(fn.text) === 'asyncio.get_event_loop') {
      // `from asyncio import get_event_loop` then `get_event_loop()`.
      if (outsideRunningLoop(call) && !guarded(call)) report(call, `\`${fn.text}()\` with no running event loop`, API_BY_NAME.get('asyncio.get_event_loop')!);
      continue;
    }
    if (!call || fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'warn') continue;
    const receiver = fn.childForFieldName('object')!;
    const isLogger = loggers.has(receiver.text)
      || (receiver.type === 'call' && qualify(receiver.childForFieldName('function'), file.imports) === 'logging.getLogger');
    if (isLogger && !guarded(call)) report(fn, '`Logger.warn`', { ...API_BY_NAME.get('logging.warn')!, use: '`Logger.warning` (same method)' }, [renameWarn(file, fn)]);
  }
  return out;
}

function moduleEntry(module: string): Entry | undefined {
  return MODULES.find((e) => module === e.name || module.startsWith(`${e.name}.`));
}

function severity(entry: Entry, facts: ProjectFacts): Severity {
  return entry.removed && atLeast(facts.pythonTarget, ...entry.removed) ? 'error' : 'warning';
}

function message(what: string, entry: Entry, facts: ProjectFacts): string {
  const target = facts.pythonTarget.join('.');
  const removed = entry.removed?.join('.');
  const raises = entry.name === 'asyncio.get_event_loop';
  let status: string;
  if (removed && atLeast(facts.pythonTarget, ...entry.removed!)) {
    status = `${raises ? 'raises RuntimeError from' : 'was removed in'} Python ${removed}, and this project targets Python ${target}`;
  } else if (removed) {
    status = `is deprecated${entry.deprecated ? ` since Python ${entry.deprecated}` : ''} and ${raises ? 'raises RuntimeError from' : 'removed in'} Python ${removed}`;
  }
  else status = `is deprecated${entry.deprecated ? ` since Python ${entry.deprecated}` : ''}`;
  return `${what} ${status}; use ${entry.use} instead${entry.note ? ` (${entry.note})` : ''}.`;
}

/** `logging.warn` → `logging.warning`: the same function under its documented name. */
function renameWarn(file: PythonFile, attr: Node): Fix {
  return {
    title: 'Use `warning`', safety: 'safe', preferred: true,
    edits: [{ file: file.file, edits: [{ range: nodeRange(attr.childForFieldName('attribute')!), newText: 'warning' }] }],
  };
}

/** Names (`log`, `self.logger`) every assignment of which in the file is `logging.getLogger(...)`. */
function loggerNames(file: PythonFile): Set<string> {
  const verdict = new Map<string, boolean>();
  for (const a of file.nodes('assignment')) {
    const left = a?.childForFieldName('left');
    if (!a || !left || (left.type !== 'identifier' && left.type !== 'attribute')) continue;
    const right = a.childForFieldName('right');
    const isLogger = right?.type === 'call' && qualify(right.childForFieldName('function'), file.imports) === 'logging.getLogger';
    verdict.set(left.text, (verdict.get(left.text) ?? true) && isLogger);
  }
  return new Set([...verdict].filter(([, ok]) => ok).map(([name]) => name));
}

/**
 * Whether `asyncio.get_event_loop()` certainly runs with no event loop running: at module (or class)
 * level, or in a plain function that drives the loop itself (`.run_until_complete`, `.run_forever`).
 * In a coroutine, or a helper that async code may call, it is fine.
 */
function outsideRunningLoop(call: Node): boolean {
  let fn: Node | null = call.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'lambda') fn = fn.parent;
  if (!fn) return true;
  if (fn.type === 'lambda' || fn.children.some((c) => c?.type === 'async')) return false;
  const drives = (text: string) => /\.(run_until_complete|run_forever)\s*\(/.test(text);
  const parent = call.parent;
  if (parent?.type === 'attribute' && /^(run_until_complete|run_forever)$/.test(parent.childForFieldName('attribute')?.text ?? '')) return true;
  if (parent?.type === 'assignment' && parent.childForFieldName('left')?.type === 'identifier') {
    const loop = parent.childForFieldName('left')!.text;
    const body = fn.childForFieldName('body')?.text ?? '';
    return drives(body) && new RegExp(`\\b${loop}\\.(run_until_complete|run_forever)\\s*\\(`).test(body);
  }
  return false;
}

/** Inside `try: … except ImportError/AttributeError` or under a `sys.version_info` / `hasattr` check. */
function guarded(node: Node): boolean {
  for (let child = node, n = node.parent; n; child = n, n = n.parent) {
    if (n.type === 'try_statement' && n.childForFieldName('body')?.id === child.id) {
      const handlers = n.namedChildren.filter((c) => c?.type === 'except_clause');
      if (handlers.some((h) => /^except\s*:/.test(h!.text) || /\b(ImportError|ModuleNotFoundError|AttributeError|Exception|BaseException)\b/.test(h!.text.split(':')[0]))) return true;
    }
    if (n.type === 'if_statement' || n.type === 'elif_clause' || n.type === 'conditional_expression') {
      const condition = n.type === 'conditional_expression' ? n.namedChildren[1] : n.childForFieldName('condition');
      if (condition && child.id !== condition.id && /version_info|sys\.version|hasattr\(|PY3\d*|PY2/.test(condition.text)) return true;
    }
  }
  return false;
}

export const deprecatedStdlib: PythonRule = { meta, check };
