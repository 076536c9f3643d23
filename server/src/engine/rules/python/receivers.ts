// Light receiver resolution for the narrowing table: what kind of client an expression is, from how it
// was made in the same file. `session.execute(...)` only counts as SQLAlchemy when `session` is bound
// to `Session(...)`, `sessionmaker(...)()`, `with engine.connect() as conn`, a parameter annotated
// `Session`, … — never from a method or variable name alone. Every binding of the name in its scope
// must agree; anything else (a loop target, a tuple unpacking, a plain parameter) makes it unknown.
import type { Node } from 'web-tree-sitter';
import { dottedName, stringValue } from '../../parse/pyast';
import { qualify, type ImportTable } from '../../parse/pyimports';
import { nodeIndex } from '../../parse/nodeIndex';

export type ReceiverKind =
  | 'sqlalchemy' | 'sqlalchemy-factory' | 'boto3' | 'redis' | 'aiohttp' | 'asyncpg' | 'httpx' | 'requests' | 'pathlib'
  | 'file' | 'requests-response' | 'httpx-response' | 'aiohttp-response';

/** Qualified callee → the kind of object it returns. */
export const RECEIVER_CONSTRUCTORS: { calls: RegExp; kind: ReceiverKind }[] = [
  { calls: /^sqlalchemy\.orm(\.session)?\.sessionmaker$|^sqlalchemy\.ext\.asyncio\.async_sessionmaker$/, kind: 'sqlalchemy-factory' },
  // engines, sessions, connections, and the statements built with select(), text(), … (first match wins)
  { calls: /^sqlalchemy\.(?!exc\.)[\w.]+$/, kind: 'sqlalchemy' },
  { calls: /^boto3(\.session)?\.(client|resource|Session)$/, kind: 'boto3' },
  { calls: /^redis(\.asyncio)?(\.client|\.cluster)?\.(Redis|StrictRedis|RedisCluster)(\.from_url)?$|^redis(\.asyncio)?\.from_url$/, kind: 'redis' },
  { calls: /^aiohttp(\.client)?\.ClientSession$/, kind: 'aiohttp' },
  { calls: /^asyncpg\.(connect|create_pool)$|^asyncpg\.pool\.create_pool$/, kind: 'asyncpg' },
  { calls: /^httpx\.(Client|AsyncClient)$/, kind: 'httpx' },
  { calls: /^requests(\.sessions)?\.(Session|session)$/, kind: 'requests' },
  { calls: /^pathlib\.(Path|PosixPath|WindowsPath)(\.(home|cwd))?$/, kind: 'pathlib' },
  { calls: /^(builtins\.open|io\.open)$/, kind: 'file' },
  { calls: /^requests(\.api)?\.(get|post|put|patch|delete|head|options|request)$/, kind: 'requests-response' },
  { calls: /^httpx\.(get|post|put|patch|delete|head|options|request)$/, kind: 'httpx-response' },
  { calls: /^aiohttp\.request$/, kind: 'aiohttp-response' },
];

/** Methods of a client that return another kind of object (a response, a file). */
const RESULTS: { owner: ReceiverKind; methods: RegExp; kind: ReceiverKind }[] = [
  { owner: 'requests', methods: /^(get|post|put|patch|delete|head|options|request|send)$/, kind: 'requests-response' },
  { owner: 'httpx', methods: /^(get|post|put|patch|delete|head|options|request|send)$/, kind: 'httpx-response' },
  { owner: 'aiohttp', methods: /^(get|post|put|patch|delete|head|options|request)$/, kind: 'aiohttp-response' },
  { owner: 'pathlib', methods: /^open$/, kind: 'file' },
];

/** Qualified annotation (parameters, `x: T = …`, class attributes) → kind. */
export const RECEIVER_ANNOTATIONS: { types: RegExp; kind: ReceiverKind }[] = [
  { types: /^sqlalchemy(\.orm(\.session|\.scoping)?|\.engine(\.base)?|\.ext\.asyncio(\.session|\.engine)?)?\.(Session|AsyncSession|Engine|AsyncEngine|Connection|AsyncConnection|scoped_session|async_scoped_session)$/, kind: 'sqlalchemy' },
  { types: /^botocore\.client\.BaseClient$|^boto3\.resources\.base\.ServiceResource$|^(mypy_boto3|types_boto3)_\w+(\.client|\.service_resource)?\.\w+(Client|ServiceResource)$/, kind: 'boto3' },
  { types: /^redis(\.asyncio)?(\.client|\.cluster)?\.(Redis|StrictRedis|RedisCluster)$/, kind: 'redis' },
  { types: /^aiohttp(\.client)?\.ClientSession$/, kind: 'aiohttp' },
  { types: /^asyncpg(\.connection|\.pool)?\.(Connection|Pool)$/, kind: 'asyncpg' },
  { types: /^httpx\.(Client|AsyncClient)$/, kind: 'httpx' },
  { types: /^requests(\.sessions)?\.Session$/, kind: 'requests' },
  { types: /^pathlib\.(Path|PosixPath|WindowsPath)$/, kind: 'pathlib' },
];

/** Kinds whose method results are objects of the same library (connections, results, pipelines, resources). */
const PROPAGATES = new Set<ReceiverKind>(['sqlalchemy', 'boto3', 'redis', 'asyncpg']);
/** Path methods and attributes that return another path. */
const PATH_RESULTS = /^(parent|with_suffix|with_name|with_stem|joinpath|resolve|absolute|expanduser|relative_to)$/;

const CYCLE = Symbol('cycle');
type Resolved = ReceiverKind | undefined | typeof CYCLE;
const SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'module']);

export class ReceiverResolver {
  private readonly visiting = new Set<string>();
  private readonly bindings = new Map<string, Binding[] | 'global'>();
  constructor(private readonly imports: ImportTable) {}

  private bindingsOf(scope: Node, name: string): Binding[] | 'global' {
    const key = `${scope.id}:${name}`;
    let found = this.bindings.get(key);
    if (!found) this.bindings.set(key, found = bindingsIn(scope, name));
    return found;
  }

  kindOf(expr: Node | null | undefined): ReceiverKind | undefined {
    const k = this.resolve(expr);
    return k === CYCLE ? undefined : k;
  }

  private resolve(expr: Node | null | undefined): Resolved {
    if (!expr) return undefined;
    switch (expr.type) {
      case 'parenthesized_expression':
      case 'await':
        return this.resolve(expr.namedChildren.find((c) => c?.type !== 'comment'));
      case 'call': return this.resolveCall(expr);
      case 'identifier': return this.resolveName(expr.text, expr);
      case 'attribute': {
        const object = expr.childForFieldName('object');
        const attr = expr.childForFieldName('attribute')?.text ?? '';
        if (object?.type === 'identifier' && (object.text === 'self' || object.text === 'cls')) return this.resolveSelfAttribute(attr, expr);
        if (attr === 'parent' && this.resolve(object) === 'pathlib') return 'pathlib';
        return undefined;
      }
      case 'subscript': {
        // boto3 responses are dicts of SDK objects: `s3.get_object(...)["Body"].read()`
        const owner = this.resolve(expr.childForFieldName('value'));
        return owner === 'boto3' || owner === CYCLE ? owner : undefined;
      }
      case 'binary_operator': {
        if (expr.childForFieldName('operator')?.text !== '/') return undefined;
        const left = this.resolve(expr.childForFieldName('left'));
        return left === 'pathlib' || left === CYCLE ? left : undefined;
      }
      default: return undefined;
    }
  }

  private resolveCall(call: Node): Resolved {
    const fn = call.childForFieldName('function');
    const callee = qualify(fn, this.imports) ?? (fn?.type === 'identifier' && fn.text === 'open' ? 'builtins.open' : undefined);
    const made = callee && RECEIVER_CONSTRUCTORS.find((c) => c.calls.test(callee))?.kind;
    if (made) return made;
    if (fn?.type === 'call' || fn?.type === 'identifier') {
      const factory = this.resolve(fn); // `sessionmaker(...)()`, `SessionLocal()`
      return factory === 'sqlalchemy-factory' ? 'sqlalchemy' : factory === CYCLE ? CYCLE : undefined;
    }
    if (fn?.type === 'attribute') {
      const owner = this.resolve(fn.childForFieldName('object'));
      if (owner === CYCLE) return CYCLE;
      if (owner && PROPAGATES.has(owner)) return owner;
      const method = fn.childForFieldName('attribute')?.text ?? '';
      const result = RESULTS.find((r) => r.owner === owner && r.methods.test(method));
      if (result) return result.kind;
      if (owner === 'pathlib' && PATH_RESULTS.test(fn.childForFieldName('attribute')?.text ?? '')) return 'pathlib';
    }
    return undefined;
  }

  /** Python scoping: the innermost function that binds the name, else the module (class bodies are skipped). */
  private resolveName(name: string, at: Node): Resolved {
    for (let scope = enclosingScope(at); scope; scope = enclosingScope(scope)) {
      if (scope.type === 'class_definition' || scope.type === 'lambda') continue;
      const found = this.bindingsOf(scope, name);
      if (found === 'global') continue;
      if (found.length === 0) { if (scope.type === 'module') return undefined; continue; }
      return this.agree(`${scope.id}:${name}`, found);
    }
    return undefined;
  }

  /** `self.client` → the values assigned to `self.client` in the class's methods, or the class attribute. */
  private resolveSelfAttribute(attr: string, at: Node): Resolved {
    let cls: Node | null = at.parent;
    while (cls && cls.type !== 'class_definition') cls = cls.parent;
    const body = cls?.childForFieldName('body');
    if (!cls || !body) return undefined;
    const found: Binding[] = [];
    for (const a of nodeIndex(body).within(body, 'assignment')) {
      if (!a || innermostClass(a)?.id !== cls.id) continue;
      const left = a.childForFieldName('left');
      const isSelf = left?.type === 'attribute' && ['self', 'cls'].includes(left.childForFieldName('object')?.text ?? '')
        && left.childForFieldName('attribute')?.text === attr;
      const isClassAttr = left?.type === 'identifier' && left.text === attr && enclosingScope(a)?.id === cls.id;
      if (isSelf || isClassAttr) found.push(assignmentBinding(a));
    }
    return found.length ? this.agree(`${cls.id}:self.${attr}`, found) : undefined;
  }

  private agree(key: string, bindings: Binding[]): Resolved {
    if (this.visiting.has(key)) return CYCLE;
    this.visiting.add(key);
    try {
      const kinds = bindings.map((b) => ('annotation' in b && b.annotation ? annotationKind(b.annotation, this.imports) : undefined)
        ?? ('value' in b && b.value ? this.resolve(b.value) : undefined));
      const real = kinds.filter((k) => k !== CYCLE);
      if (real.length === 0) return kinds.length ? CYCLE : undefined;
      return real.every((k) => k && k === real[0]) ? real[0] : undefined;
    } finally {
      this.visiting.delete(key);
    }
  }
}

type Binding = { value?: Node | null; annotation?: Node | null };

/** True when a function around `at` binds `name` itself (so a module-level name of that name is shadowed). */
export function boundInFunction(name: string, at: Node): boolean {
  for (let scope = enclosingScope(at); scope && scope.type !== 'module'; scope = enclosingScope(scope)) {
    if (scope.type !== 'function_definition') continue;
    const found = bindingsIn(scope, name);
    if (found === 'global') return false;
    if (found.length) return true;
  }
  return false;
}

function enclosingScope(node: Node): Node | null {
  let p = node.parent;
  while (p && !SCOPES.has(p.type)) p = p.parent;
  return p;
}

function innermostClass(node: Node): Node | null {
  let p = node.parent;
  while (p && p.type !== 'class_definition') p = p.parent;
  return p;
}

function assignmentBinding(a: Node): Binding {
  let right = a.childForFieldName('right');
  while (right?.type === 'assignment') right = right.childForFieldName('right'); // a = b = value
  return { value: right, annotation: a.childForFieldName('type') };
}

const BINDING_TYPES = ['assignment', 'augmented_assignment', 'with_item', 'for_statement', 'named_expression',
  'global_statement', 'nonlocal_statement', 'except_clause', 'import_statement', 'import_from_statement',
  'function_definition', 'class_definition'];

/** Every binding of `name` made directly in the scope; 'global' when the scope declares it global. */
function bindingsIn(scope: Node, name: string): Binding[] | 'global' {
  const out: Binding[] = [];
  const params = scope.type === 'function_definition' ? scope.childForFieldName('parameters') : null;
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'identifier' && p.text === name) out.push({});
    else if (p.type === 'typed_parameter' && p.namedChildren[0]?.text === name) out.push({ annotation: p.childForFieldName('type') });
    else if (p.type === 'typed_default_parameter' && p.childForFieldName('name')?.text === name) out.push({ annotation: p.childForFieldName('type') });
    else if (p.type === 'default_parameter' && p.childForFieldName('name')?.text === name) out.push({});
    else if (p.namedChildren.some((c) => c?.type === 'identifier' && c.text === name)) out.push({}); // *args, **kwargs
  }
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  if (!body) return out;
  for (const n of nodeIndex(body).within(body, BINDING_TYPES)) {
    if (!n) continue;
    const own = enclosingScope(n);
    // a def/class name binds in the scope around it; everything else must sit directly in this scope
    if ((n.type === 'function_definition' || n.type === 'class_definition')) {
      if (own?.id === scope.id && n.childForFieldName('name')?.text === name) out.push({});
      continue;
    }
    if (own?.id !== scope.id) continue;
    switch (n.type) {
      case 'assignment': {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier' && left.text === name) out.push(assignmentBinding(n));
        else if (left && left.type !== 'identifier' && left.type !== 'attribute' && left.type !== 'subscript' && mentions(left, name)) out.push({});
        break;
      }
      case 'augmented_assignment':
        if (n.childForFieldName('left')?.text === name) out.push({});
        break;
      case 'with_item': {
        const v = n.childForFieldName('value');
        if (v?.type !== 'as_pattern') break;
        const target = v.childForFieldName('alias');
        const ident = target?.namedChildren.find((c) => c?.type === 'identifier');
        if (ident?.text === name && target?.namedChildren.length === 1) out.push({ value: v.namedChildren[0] });
        else if (target && mentions(target, name)) out.push({});
        break;
      }
      case 'for_statement':
        if (mentions(n.childForFieldName('left'), name)) out.push({});
        break;
      case 'named_expression':
        if (n.childForFieldName('name')?.text === name) out.push({ value: n.childForFieldName('value') });
        break;
      case 'global_statement':
      case 'nonlocal_statement':
        if (n.namedChildren.some((c) => c?.text === name)) return 'global';
        break;
      case 'except_clause':
        if (n.namedChildren.some((c) => c?.type === 'as_pattern' && c.childForFieldName('alias')?.text === name)) out.push({});
        break;
      case 'import_statement':
      case 'import_from_statement':
        if (scope.type !== 'module' && new RegExp(`\\b${name}\\b`).test(n.text)) out.push({});
        break;
      default: break;
    }
  }
  return out;
}

function mentions(node: Node | null | undefined, name: string): boolean {
  if (!node) return false;
  if (node.type === 'identifier') return node.text === name;
  // identifiers are not in the node index (a WASM walk per call): rule out most nodes by their text first
  if (!node.text.includes(name)) return false;
  return nodeIndex(node).within(node, 'identifier').some((i) => i?.text === name);
}

/** The receiver kind an annotation names: `Session`, `Optional[Session]`, `Session | None`, `"redis.Redis"`. */
export function annotationKind(annotation: Node, imports: ImportTable): ReceiverKind | undefined {
  const kinds = new Set<ReceiverKind | undefined>();
  const visit = (n: Node | null | undefined): void => {
    if (!n) return;
    if (n.type === 'type' || n.type === 'parenthesized_expression') { visit(n.namedChildren[0]); return; }
    if (n.type === 'none') return;
    if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '|') {
      visit(n.childForFieldName('left')); visit(n.childForFieldName('right')); return;
    }
    if (n.type === 'generic_type' || n.type === 'subscript') {
      const base = n.type === 'generic_type' ? n.namedChildren[0] : n.childForFieldName('value');
      const args = n.type === 'generic_type'
        ? (n.namedChildren.find((c) => c?.type === 'type_parameter')?.namedChildren ?? [])
        : n.childrenForFieldName('subscript');
      const baseName = base?.text.split('.').pop();
      if (baseName === 'Optional' || baseName === 'Union') { args.forEach((a) => visit(a)); return; }
      if (baseName === 'Annotated') { visit(args[0]); return; }
      kinds.add(undefined);
      return;
    }
    const dotted = n.type === 'string' ? stringValue(n) : dottedName(n);
    if (!dotted) { kinds.add(undefined); return; }
    const [head, ...rest] = dotted.split('.');
    const full = imports.names.get(head);
    const q = full ? [full, ...rest].join('.') : undefined;
    kinds.add(q ? RECEIVER_ANNOTATIONS.find((a) => a.types.test(q))?.kind : undefined);
  };
  visit(annotation);
  return kinds.size === 1 ? [...kinds][0] : undefined;
}
