// What one Python file contributes to the Pydantic project rules (pydantic-legacy-config, pydantic-legacy-method):
// its module-level bindings (imports, classes, functions, typed values), its classes with their bases,
// fields and members, its `class Config` blocks, and the call sites of Pydantic 1 methods with what is
// known about their receiver. Everything is syntactic and local to the file; which names are Pydantic
// models is decided across files by project/pydanticModels.ts. Plain data: kept per file, no nodes.
import type { Node } from 'web-tree-sitter';
import type { Range, TextEdit } from '../types';
import type { PythonFile } from '../rules/context';
import { nodeRange, stringValue } from '../parse/pyast';
import { qualify } from '../parse/pyimports';
import { importName, lastUseImportEntry, removeImportEntry } from '../rules/pydanticFixes';
import { nodeIndex } from '../parse/nodeIndex';

/**
 * A value described by where it starts and what is applied to it. Starts: `n`, a module-level name of
 * this file, or `c`, the class with that index in `classes` (the class object). Operations: `.x`
 * attribute, `()` call, `await()` awaited call, `inst` an instance of the class, `iter` an iterable
 * of the value, `elem` an element of the iterable.
 */
export interface TypeRef { n?: string; c?: number; ops: string[] }

/** What a module-level name is bound to (several bindings when it is bound conditionally). */
export type Binding =
  /** `import a.b` → {module: 'a'}; `import a.b as x` → {module: 'a.b'}; `from ..m import X` → {module: 'm', name: 'X', level: 2}. */
  | { k: 'imp'; module: string; name?: string; level: number }
  | { k: 'cls'; i: number }
  | { k: 'def'; returns?: TypeRef[]; async: boolean }
  /** An assignment; `types` undefined when the value is not known. */
  | { k: 'val'; types?: TypeRef[] };

export interface PydanticClass {
  name: string;
  /** Each base class as a value; null when it cannot be described. Subscripts are dropped (`Generic[T]` → `Generic`). */
  bases: (TypeRef[] | null)[];
  /** Names the class body binds: fields, methods, nested classes. */
  members: string[];
  /** Annotated class attributes: `address: Address` → the annotation as a value. */
  fields: Record<string, TypeRef[]>;
}

export interface ConfigEntry {
  /** A `key = value` line; absent for a comment line. */
  key?: string;
  value?: string;
  /** The value is the literal True / False. */
  bool?: boolean;
  /** `extra = Extra.forbid` → 'forbid'. */
  extraMember?: string;
  comment?: string;
}

export interface ImportPlan { ref: string; edits: TextEdit[] }

/** A `class Config:` nested in a class (the owner), with what a `model_config = ConfigDict(...)` needs. */
export interface ConfigBlock {
  owner: number;
  /** `class Config` (where the finding goes). */
  header: Range;
  /** The whole nested class (what the fix replaces). */
  range: Range;
  /** Indentation of the Config body lines (the ConfigDict arguments reuse it). */
  itemIndent: string;
  /** Indentation of the `class Config` line. */
  indent: string;
  eol: string;
  entries: ConfigEntry[];
  /** What cannot become a ConfigDict argument (`def schema_extra`, a docstring, a base class…). */
  blockers: string[];
  /** The owner also assigns `model_config` (Pydantic 2 rejects both together). */
  ownerHasModelConfig: boolean;
  configDict: ImportPlan;
  settingsConfigDict: ImportPlan;
  /**
   * When the `extra = Extra.…` lines of this block are the only uses of `Extra`: the edits removing it from
   * the imports, and (when ConfigDict must be imported) the plan importing ConfigDict in its place instead.
   */
  extraImport?: { removal: TextEdit[]; configDictInstead?: ImportPlan };
}

export interface CallInfo {
  /** The argument list, parentheses included. */
  range: Range;
  positional: string[];
  keywords: string[];
  /** `*args` or `**kwargs` in the call. */
  splat: boolean;
  comments: boolean;
}

/** `x.dict()`, `User.parse_obj(…)`, `x.__fields__`: a Pydantic 1 method or attribute on a receiver we could describe. */
export interface MethodSite {
  name: string;
  receiver: TypeRef[];
  receiverText: string;
  /** The method or attribute name. */
  nameRange: Range;
  /** The whole `receiver.name` expression. */
  range: Range;
  call?: CallInfo;
}

export interface PydanticSummary {
  names: Record<string, Binding[]>;
  classes: PydanticClass[];
  configs: ConfigBlock[];
  sites: MethodSite[];
}

/** Pydantic 1 methods looked for (calls), and attributes (any use). */
export const V1_METHODS = new Set(['dict', 'json', 'copy', 'parse_obj', 'parse_raw', 'parse_file', 'from_orm', 'schema',
  'schema_json', 'update_forward_refs', 'construct', 'validate']);
export const V1_ATTRIBUTES = new Set(['__fields__', '__fields_set__']);

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression',
  'tuple', 'list', 'as_pattern_target', 'expression_list']);
const ITERABLES = new Set(['list', 'set', 'frozenset', 'List', 'Set', 'FrozenSet', 'Sequence', 'MutableSequence', 'Iterable',
  'Iterator', 'Collection', 'AbstractSet', 'MutableSet', 'Generator']);
/** Decorators whose function's first parameter is the class (Pydantic validators are implicit classmethods). */
const CLASS_FIRST_PARAM = new Set(['classmethod', 'validator', 'root_validator', 'field_validator']);

/** The Pydantic part of a file's summary, or nothing when the file has nothing the rules could use. */
export function summarizePydantic(file: PythonFile): { pydantic?: PydanticSummary } {
  const summary = new Extractor(file).run();
  const empty = summary.classes.length === 0 && summary.sites.length === 0 && Object.keys(summary.names).length === 0;
  return empty ? {} : { pydantic: summary };
}

/** A local binding found in a function, class or module body. */
interface Local {
  kind: 'assign' | 'for' | 'walrus' | 'param' | 'self' | 'clsarg' | 'imp' | 'cls' | 'def' | 'unknown';
  node?: Node;
  cls?: number;
  imp?: { module: string; name?: string; level: number };
}

const MAX_EXPRESSION_DEPTH = 100;

class Extractor {
  private readonly classIndex = new Map<number, number>();
  private readonly classNodes: Node[] = [];
  private readonly scopes = new Map<number, Map<string, Local[]>>();
  private bodies?: Map<number, Map<string, Local[]>>;
  private readonly functionLookups = new Map<string, TypeRef[] | undefined>();
  private scopeTree?: ScopeIndex;
  private readonly busy = new Set<number>();
  private depth = 0;

  constructor(private readonly file: PythonFile) {
    for (const cls of file.nodes('class_definition')) {
      if (!cls) continue;
      this.classIndex.set(cls.id, this.classNodes.length);
      this.classNodes.push(cls);
    }
  }

  run(): PydanticSummary {
    const names: Record<string, Binding[]> = {};
    for (const [name, locals] of this.bindings(this.file.root)) {
      const bindings = locals.map((l) => this.moduleBinding(l));
      // A name only bound to unknown values resolves to unknown whether it is listed or not.
      if (bindings.some((b) => b.k !== 'val' || b.types)) names[name] = bindings;
    }
    const classes = this.classNodes.map((c) => this.classInfo(c));
    return { names, classes, configs: this.configBlocks(), sites: this.sites() };
  }

  // ---- bindings ----

  /** Bindings of a scope body (module, function or class), without entering nested scopes. */
  private bindings(scope: Node): Map<string, Local[]> {
    if (!this.bodies) this.bodies = this.collectBindings();
    let out = this.scopes.get(scope.id);
    if (out) return out;
    out = new Map(this.bodies.get(scope.id) ?? []);
    if (scope.type === 'function_definition') {
      const params = new Map<string, Local[]>();
      this.parameters(scope, (name, local) => params.set(name, [...(params.get(name) ?? []), local]));
      for (const [name, locals] of params) out.set(name, [...locals, ...(out.get(name) ?? [])]);
    }
    this.scopes.set(scope.id, out);
    return out;
  }

  /**
   * Every binding of the file, grouped by the scope that owns it (module, function or class body), in
   * one pass over the binding nodes (found in WASM) rather than a walk of the whole tree.
   */
  private collectBindings(): Map<number, Map<string, Local[]>> {
    const byScope = new Map<number, Map<string, Local[]>>();
    const add = (scope: Node, name: string, local: Local) => {
      let m = byScope.get(scope.id);
      if (!m) byScope.set(scope.id, (m = new Map()));
      m.set(name, [...(m.get(name) ?? []), local]);
    };
    const unknownIn = (scope: Node, target: Node | null) => { for (const id of targetIdentifiers(target)) add(scope, id.text, { kind: 'unknown' }); };
    const kinds = ['assignment', 'augmented_assignment', 'for_statement', 'named_expression', 'as_pattern', 'import_statement',
      'import_from_statement', 'global_statement', 'nonlocal_statement', 'function_definition', 'class_definition', 'case_pattern'];
    const scopes = this.scopeIndex();
    for (const node of this.file.nodes(kinds)) {
      if (!node) continue;
      const scope = scopes.owner(node, this.file.root);
      if (!scope) continue;
      const isModule = scope.type === 'module';
      switch (node.type) {
        case 'function_definition': {
          const name = node.childForFieldName('name');
          if (name) add(scope, name.text, isModule ? { kind: 'def', node } : { kind: 'unknown' });
          break;
        }
        case 'class_definition': {
          const name = node.childForFieldName('name');
          if (name) add(scope, name.text, isModule ? { kind: 'cls', node, cls: this.classIndex.get(node.id) } : { kind: 'unknown' });
          break;
        }
        case 'assignment': {
          const left = node.childForFieldName('left');
          if (left?.type === 'identifier') add(scope, left.text, { kind: 'assign', node });
          else unknownIn(scope, left);
          break;
        }
        case 'augmented_assignment': unknownIn(scope, node.childForFieldName('left')); break;
        case 'for_statement': {
          const left = node.childForFieldName('left');
          if (left?.type === 'identifier') add(scope, left.text, { kind: 'for', node });
          else unknownIn(scope, left);
          break;
        }
        case 'named_expression': {
          const name = node.childForFieldName('name');
          if (name) add(scope, name.text, { kind: 'walrus', node });
          break;
        }
        case 'as_pattern': unknownIn(scope, node.childForFieldName('alias')); break;
        case 'import_statement': case 'import_from_statement':
          for (const [name, imp] of importBindings(node)) add(scope, name, isModule ? { kind: 'imp', imp } : { kind: 'unknown' });
          break;
        case 'global_statement': case 'nonlocal_statement':
          for (const id of node.namedChildren) if (id?.type === 'identifier') add(scope, id.text, { kind: 'unknown' });
          break;
        case 'case_pattern':
          for (const id of nodeIndex(node).within(node, 'identifier')) if (id) add(scope, id.text, { kind: 'unknown' });
          break;
      }
    }
    return byScope;
  }

  private parameters(fn: Node, add: (name: string, local: Local) => void): void {
    const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p);
    const owner = enclosingClassOfMethod(fn);
    params.forEach((p, i) => {
      const nameNode = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
      if (!nameNode || nameNode.type !== 'identifier') return;
      if (i === 0 && owner && p.type !== 'list_splat_pattern' && p.type !== 'dictionary_splat_pattern') {
        const kind = firstParameterKind(fn);
        if (kind) { add(nameNode.text, { kind, cls: this.classIndex.get(owner.id) }); return; }
      }
      add(nameNode.text, { kind: p.type === 'typed_parameter' || p.type === 'typed_default_parameter' ? 'param' : 'unknown', node: p });
    });
  }

  private moduleBinding(local: Local): Binding {
    switch (local.kind) {
      case 'imp': {
        const { module, name, level } = local.imp!;
        return name === undefined ? { k: 'imp', module, level } : { k: 'imp', module, name, level };
      }
      case 'cls': return { k: 'cls', i: local.cls! };
      case 'def': {
        const fn = local.node!;
        const returnType = fn.childForFieldName('return_type');
        const returns = returnType ? this.annotation(returnType, fn) : undefined;
        const isAsync = fn.children.some((c) => c?.type === 'async');
        return returns ? { k: 'def', returns, async: isAsync } : { k: 'def', async: isAsync };
      }
      default: {
        const types = this.localTypes(local);
        return types ? { k: 'val', types } : { k: 'val' };
      }
    }
  }

  // ---- values and annotations ----

  /** What an expression is, as far as the file tells; undefined when not known. */
  /**
   * What an expression evaluates to. Capped in depth: 10,000 nested parentheses or calls must not
   * overflow the stack, and nothing is learnt that deep anyway (unknown is the honest answer).
   */
  expression(node: Node | null | undefined): TypeRef[] | undefined {
    if (this.depth >= MAX_EXPRESSION_DEPTH) return undefined;
    this.depth++;
    try { return this.expressionAt(node); } finally { this.depth--; }
  }

  private expressionAt(node: Node | null | undefined): TypeRef[] | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case 'identifier': return this.lookup(node.text, node);
      case 'attribute': {
        const attr = node.childForFieldName('attribute')?.text;
        const object = this.expression(node.childForFieldName('object'));
        return attr && object ? object.map((t) => withOp(t, `.${attr}`)) : undefined;
      }
      case 'call': {
        const fn = this.expression(node.childForFieldName('function'));
        return fn?.map((t) => withOp(t, node.parent?.type === 'await' ? 'await()' : '()'));
      }
      case 'await': {
        const inner = node.namedChildren[0];
        return inner?.type === 'call' ? this.expression(inner) : undefined;
      }
      case 'parenthesized_expression': return node.namedChildCount === 1 ? this.expression(node.namedChildren[0]) : undefined;
      default: return undefined;
    }
  }

  /** The value a name has at a node: enclosing comprehensions, functions, the class body, then the module. */
  private lookup(name: string, at: Node, classVisible = true): TypeRef[] | undefined {
    const scopes = this.scopeIndex();
    for (let rec = scopes.innermost(at.startIndex); rec; rec = rec.parent) {
      const n = rec.node;
      if (rec.kind === 'comprehension') {
        for (const clause of n.namedChildren) {
          if (clause?.type !== 'for_in_clause' || isInside(at, clause.childForFieldName('right'))) continue;
          const left = clause.childForFieldName('left');
          if (left?.type === 'identifier' && left.text === name) {
            return this.expression(clause.childForFieldName('right'))?.map((t) => withOp(t, 'elem'));
          }
          if (targetIdentifiers(left).some((id) => id.text === name)) return undefined;
        }
      } else if (rec.kind === 'lambda') {
        const params = n.childForFieldName('parameters');
        if (params && nodeIndex(params).within(params, 'identifier').some((id) => id?.text === name)) return undefined;
        classVisible = false;
      } else if (rec.kind === 'function') {
        return this.fromFunction(n, name);
      } else {
        if (classVisible) {
          const locals = this.bindings(n).get(name);
          if (locals) return this.typesOf(locals);
        }
        classVisible = false;
      }
    }
    return this.bindings(this.file.root).has(name) ? [{ n: name, ops: [] }] : undefined;
  }

  private scopeIndex(): ScopeIndex {
    return (this.scopeTree ??= new ScopeIndex(this.file.root));
  }

  /** A name looked up from inside a function's body (cached: many call sites share a function). */
  private fromFunction(fn: Node, name: string): TypeRef[] | undefined {
    const key = `${fn.id}:${name}`;
    if (this.functionLookups.has(key)) return this.functionLookups.get(key);
    const locals = this.bindings(fn).get(name);
    const result = locals ? this.typesOf(locals) : this.lookup(name, fn, false);
    // Results computed inside a cycle (a binding that depends on itself) are not reused.
    if (this.busy.size === 0) this.functionLookups.set(key, result);
    return result;
  }

  private typesOf(locals: Local[]): TypeRef[] | undefined {
    const out: TypeRef[] = [];
    for (const local of locals) {
      const types = this.localTypes(local);
      if (!types) return undefined;
      out.push(...types);
    }
    return out;
  }

  private localTypes(local: Local): TypeRef[] | undefined {
    if (local.kind === 'self') return local.cls === undefined ? undefined : [{ c: local.cls, ops: ['inst'] }];
    if (local.kind === 'clsarg') return local.cls === undefined ? undefined : [{ c: local.cls, ops: [] }];
    const node = local.node;
    if (!node || this.busy.has(node.id)) return undefined;
    this.busy.add(node.id);
    try {
      switch (local.kind) {
        case 'param': {
          const type = node.childForFieldName('type');
          // Annotations are evaluated where the function is defined, not in its body.
          const fn = node.parent?.parent;
          return type && fn ? this.annotation(type, fn) : undefined;
        }
        case 'assign': {
          const type = node.childForFieldName('type');
          if (type) return this.annotation(type, node);
          let right = node.childForFieldName('right');
          while (right?.type === 'assignment') right = right.childForFieldName('right');
          return this.expression(right);
        }
        case 'for': return this.expression(node.childForFieldName('right'))?.map((t) => withOp(t, 'elem'));
        case 'walrus': return this.expression(node.childForFieldName('value'));
        default: return undefined;
      }
    } finally {
      this.busy.delete(node.id);
    }
  }

  /** An annotation as values: `User` → instance of User, `Optional[User]`, `list[User]`, `type[User]`, `"User"`. */
  annotation(node: Node | null | undefined, at: Node): TypeRef[] | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case 'type': return node.namedChildCount === 1 ? this.annotation(node.namedChildren[0], at) : undefined;
      case 'none': return [];
      case 'string': {
        // A forward reference: `"User"`, `"models.User"`, `"User | None"`.
        const parts = (stringValue(node) ?? '').split('|').map((p) => p.trim()).filter((p) => p !== 'None');
        if (!parts.length || parts.some((p) => !/^[A-Za-z_][\w.]*$/.test(p))) return undefined;
        const out: TypeRef[] = [];
        for (const part of parts) {
          const t = this.dotted(part, at);
          if (!t) return undefined;
          out.push(...t.map((r) => withOp(r, 'inst')));
        }
        return out;
      }
      case 'identifier': case 'attribute': return this.valueAt(node, at)?.map((t) => withOp(t, 'inst'));
      case 'binary_operator': {
        if (node.childForFieldName('operator')?.text !== '|') return undefined;
        const left = this.annotation(node.childForFieldName('left'), at);
        const right = this.annotation(node.childForFieldName('right'), at);
        return left && right ? [...left, ...right] : undefined;
      }
      case 'generic_type': case 'subscript': {
        const head = node.type === 'subscript' ? node.childForFieldName('value') : node.namedChildren[0];
        const params = node.type === 'subscript'
          ? node.childrenForFieldName('subscript').filter((p): p is Node => !!p)
          : (node.namedChildren[1]?.namedChildren ?? []).filter((p): p is Node => !!p);
        if (!head) return undefined;
        return this.generic(head, params, at);
      }
      default: return undefined;
    }
  }

  private generic(head: Node, params: Node[], at: Node): TypeRef[] | undefined {
    const kind = typingName(head, this.file);
    const all = () => {
      const out: TypeRef[] = [];
      for (const p of params) {
        const t = this.annotation(p, at);
        if (!t) return undefined;
        out.push(...t);
      }
      return out;
    };
    switch (kind) {
      case 'Optional': case 'Union': return all();
      case 'Annotated': case 'ClassVar': case 'Final': case 'Required': case 'NotRequired':
        return params[0] ? this.annotation(params[0], at) : undefined;
      case 'type': case 'Type': {
        const inner = params[0]?.type === 'type' ? params[0].namedChildren[0] : params[0];
        if (!inner) return undefined;
        if (inner.type === 'string') {
          const text = stringValue(inner)?.trim();
          return text && /^[A-Za-z_][\w.]*$/.test(text) ? this.dotted(text, at) : undefined;
        }
        return inner.type === 'identifier' || inner.type === 'attribute' ? this.valueAt(inner, at) : undefined;
      }
      case 'tuple': case 'Tuple': {
        const last = params[1]?.type === 'type' ? params[1].namedChildren[0] : params[1];
        if (params.length !== 2 || last?.type !== 'ellipsis') return undefined;
        return this.annotation(params[0], at)?.map((t) => withOp(t, 'iter'));
      }
      default:
        if (kind && ITERABLES.has(kind)) {
          const ok = params.length === 1 || (kind === 'Generator' && params.length > 0);
          return ok ? this.annotation(params[0], at)?.map((t) => withOp(t, 'iter')) : undefined;
        }
        if (kind) return undefined; // dict, Mapping, Callable… are not models
        // A generic class: `Page[User]` is an instance of Page.
        return head.type === 'identifier' || head.type === 'attribute' ? this.valueAt(head, at)?.map((t) => withOp(t, 'inst')) : undefined;
    }
  }

  /** A name or dotted name looked up from `at` (annotation positions). */
  private valueAt(node: Node, at: Node): TypeRef[] | undefined {
    const text = node.text;
    return /^[A-Za-z_][\w.]*$/.test(text.replace(/\s+/g, '')) ? this.dotted(text.replace(/\s+/g, ''), at) : undefined;
  }

  private dotted(text: string, at: Node): TypeRef[] | undefined {
    const [head, ...rest] = text.split('.');
    return this.lookup(head, at)?.map((t) => ({ ...t, ops: [...t.ops, ...rest.map((r) => `.${r}`)] }));
  }

  // ---- classes ----

  private classInfo(cls: Node): PydanticClass {
    const name = cls.childForFieldName('name')?.text ?? '';
    const bases: (TypeRef[] | null)[] = [];
    for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!base || base.type === 'keyword_argument' || base.type === 'comment') continue;
      const expr = base.type === 'subscript' ? base.childForFieldName('value') : base;
      bases.push(expr && (expr.type === 'identifier' || expr.type === 'attribute') ? this.expression(expr) ?? null : null);
    }
    const members = [...this.bindings(cls).keys()];
    const fields: Record<string, TypeRef[]> = {};
    for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
      const assign = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      const left = assign?.type === 'assignment' ? assign.childForFieldName('left') : undefined;
      const type = assign?.childForFieldName('type');
      if (left?.type !== 'identifier' || !type) continue;
      const types = this.annotation(type, cls);
      if (types) fields[left.text] = types;
    }
    return { name, bases, members, fields };
  }

  private configBlocks(): ConfigBlock[] {
    const out: ConfigBlock[] = [];
    const extraLocal = [...this.file.imports.names].find(([, full]) => full === 'pydantic.Extra')?.[0];
    for (const cls of this.classNodes) {
      const nameNode = cls.childForFieldName('name');
      const owner = cls.parent?.type === 'block' ? cls.parent.parent : undefined;
      if (nameNode?.text !== 'Config' || owner?.type !== 'class_definition') continue;
      const ownerIndex = this.classIndex.get(owner.id)!;
      const body = cls.childForFieldName('body');
      const blockers: string[] = [];
      const superclasses = (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((b) => b && b.type !== 'comment');
      if (superclasses.length) blockers.push(`it inherits from \`${superclasses.map((b) => b!.text).join(', ')}\``);
      const entries: ConfigEntry[] = [];
      let lastRow = -1;
      for (const stmt of body?.namedChildren ?? []) {
        if (!stmt) continue;
        if (stmt.type === 'comment') {
          const previous = entries[entries.length - 1];
          if (stmt.startPosition.row === lastRow && previous && !previous.comment) previous.comment = stmt.text;
          else entries.push({ comment: stmt.text });
          continue;
        }
        lastRow = stmt.endPosition.row;
        if (stmt.type === 'pass_statement') continue;
        const assign = stmt.type === 'expression_statement' && stmt.namedChildCount === 1 ? stmt.namedChildren[0] : undefined;
        const left = assign?.type === 'assignment' ? assign.childForFieldName('left') : undefined;
        const right = assign?.childForFieldName('right');
        if (assign?.type === 'assignment' && left?.type === 'identifier' && right && right.type !== 'assignment') {
          const entry: ConfigEntry = { key: left.text, value: right.text };
          if (right.type === 'true' || right.type === 'false') entry.bool = right.type === 'true';
          const extra = /^pydantic(\.config)?\.Extra\.(allow|ignore|forbid)$/.exec(qualify(right, this.file.imports) ?? '');
          if (extra) entry.extraMember = extra[2];
          entries.push(entry);
        } else {
          blockers.push(describeStatement(stmt));
        }
      }
      const line = this.file.lines.lineText(cls.startPosition.row);
      const indent = line.slice(0, cls.startPosition.column);
      const firstItem = body?.namedChildren.find((c) => !!c);
      const itemIndent = firstItem && firstItem.startPosition.row > cls.startPosition.row
        ? this.file.lines.lineText(firstItem.startPosition.row).match(/^\s*/)![0] : `${indent}    `;
      const ownerBody = owner.childForFieldName('body');
      const extraUses = entries.filter((e) => e.extraMember && e.value?.startsWith(`${extraLocal}.`)).length;
      const extraEntry = extraUses && extraLocal ? lastUseImportEntry(this.file, 'pydantic', extraLocal, extraUses) : undefined;
      const configDict = importName(this.file, 'pydantic', 'ConfigDict');
      out.push({
        owner: ownerIndex,
        header: { start: nodeRange(cls).start, end: nodeRange(nameNode).end },
        range: nodeRange(cls),
        indent: /^\s*$/.test(indent) ? indent : '',
        itemIndent, eol: this.file.lines.eol, entries, blockers,
        ownerHasModelConfig: !!ownerBody && this.bindings(owner).has('model_config'),
        configDict,
        settingsConfigDict: importName(this.file, 'pydantic_settings', 'SettingsConfigDict'),
        ...(extraEntry ? { extraImport: extraImportPlan(this.file, extraEntry, configDict) } : {}),
      });
    }
    return out;
  }

  // ---- method sites ----

  private sites(): MethodSite[] {
    const out: MethodSite[] = [];
    for (const attr of this.file.nodes('attribute')) {
      if (!attr) continue;
      // the attribute's name from its text first (a string slice): most attributes of a file are not v1 methods
      const last = /([A-Za-z_]\w*)\s*$/.exec(attr.text)?.[1] ?? '';
      if (!V1_ATTRIBUTES.has(last) && !V1_METHODS.has(last)) continue;
      const nameNode = attr.childForFieldName('attribute');
      const name = nameNode?.text ?? '';
      const parent = attr.parent;
      const isCall = parent?.type === 'call' && parent.childForFieldName('function')?.id === attr.id;
      if (!(V1_ATTRIBUTES.has(name) || (V1_METHODS.has(name) && isCall))) continue;
      if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === attr.id) continue;
      const object = attr.childForFieldName('object');
      const receiver = this.expression(object);
      if (!receiver || !object || !nameNode) continue;
      const site: MethodSite = { name, receiver, receiverText: object.text, nameRange: nodeRange(nameNode), range: nodeRange(attr) };
      if (isCall) site.call = callInfo(parent!);
      out.push(site);
    }
    return out;
  }
}

/**
 * Removing `Extra` from the imports. When it is the only name of the statement ConfigDict would be
 * appended to, ConfigDict takes its place instead: the name is deleted and ConfigDict inserted at the
 * same point other fixes append to, so two fixes importing ConfigDict in one pass still collide.
 */
function extraImportPlan(file: PythonFile, entry: Node, configDict: ImportPlan): NonNullable<ConfigBlock['extraImport']> {
  const end = nodeRange(entry).end;
  const appendsHere = configDict.edits.length === 1 && configDict.edits[0].range.start.line === end.line
    && configDict.edits[0].range.start.character === end.character;
  const sole = entry.parent?.childrenForFieldName('name').filter((n) => !!n).length === 1;
  if (appendsHere && sole) {
    return { removal: removeImportEntry(file, entry), configDictInstead: { ref: 'ConfigDict', edits: [
      { range: nodeRange(entry), newText: '' }, { range: { start: end, end }, newText: 'ConfigDict' }] } };
  }
  return { removal: removeImportEntry(file, entry) };
}

interface ScopeRecord {
  node: Node;
  kind: 'function' | 'class' | 'lambda' | 'comprehension';
  /** The range names are looked up in: a function's or class's body block, a lambda or comprehension whole. */
  start: number;
  end: number;
  parent?: ScopeRecord;
}

/**
 * The file's scopes as nested offset ranges, found once in the node index, so that the scopes
 * around a position are known without walking up the tree node by node.
 */
class ScopeIndex {
  private readonly records: ScopeRecord[] = [];

  constructor(root: Node) {
    for (const node of nodeIndex(root).nodes(['function_definition', 'class_definition', 'lambda', ...COMPREHENSIONS])) {
      if (!node) continue;
      if (node.type === 'function_definition' || node.type === 'class_definition') {
        const body = node.childForFieldName('body');
        if (body) this.records.push({ node, kind: node.type === 'function_definition' ? 'function' : 'class', start: body.startIndex, end: body.endIndex });
      } else {
        this.records.push({ node, kind: node.type === 'lambda' ? 'lambda' : 'comprehension', start: node.startIndex, end: node.endIndex });
      }
    }
    this.records.sort((a, b) => a.start - b.start || b.end - a.end);
    const stack: ScopeRecord[] = [];
    for (const rec of this.records) {
      while (stack.length && stack[stack.length - 1].end <= rec.start) stack.pop();
      rec.parent = stack[stack.length - 1];
      stack.push(rec);
    }
  }

  /** The innermost scope around an offset (undefined: the module). */
  innermost(offset: number): ScopeRecord | undefined {
    let lo = 0, hi = this.records.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.records[mid].start <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    let rec: ScopeRecord | undefined = found >= 0 ? this.records[found] : undefined;
    while (rec && !(rec.start <= offset && offset < rec.end)) rec = rec.parent;
    return rec;
  }

  /**
   * The scope a binding belongs to: the nearest function or class body holding it, or the module.
   * Bindings in a lambda belong to neither (undefined); a walrus in a comprehension binds in the
   * enclosing scope. Decorators, defaults and bases lie outside the body, in the outer scope.
   */
  owner(node: Node, root: Node): Node | undefined {
    for (let rec = this.innermost(node.startIndex); rec; rec = rec.parent) {
      if (rec.kind === 'lambda') return undefined;
      if (rec.kind !== 'comprehension') return rec.node;
    }
    return root;
  }
}

function withOp(t: TypeRef, op: string): TypeRef {
  return { ...t, ops: [...t.ops, op] };
}

function isInside(node: Node, container: Node | null | undefined): boolean {
  if (!container) return false;
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** Identifiers bound by an assignment target (`a`, `a, b`, `(a, *b)`), not attributes or subscripts. */
function targetIdentifiers(target: Node | null | undefined): Node[] {
  if (!target) return [];
  if (target.type === 'identifier') return [target];
  if (!PATTERNS.has(target.type)) return [];
  return target.namedChildren.flatMap((c) => targetIdentifiers(c));
}

/** Module-level names an import statement binds, with what they refer to. */
function importBindings(stmt: Node): [string, { module: string; name?: string; level: number }][] {
  const out: [string, { module: string; name?: string; level: number }][] = [];
  const names = stmt.childrenForFieldName('name').filter((n): n is Node => !!n);
  if (stmt.type === 'import_statement') {
    for (const n of names) {
      if (n.type === 'aliased_import') {
        const full = n.childForFieldName('name')?.text;
        const alias = n.childForFieldName('alias')?.text;
        if (full && alias) out.push([alias, { module: full, level: 0 }]);
      } else {
        const head = n.text.split('.')[0];
        out.push([head, { module: head, level: 0 }]);
      }
    }
    return out;
  }
  const moduleNode = stmt.childForFieldName('module_name');
  if (!moduleNode) return out;
  let level = 0;
  let module = moduleNode.text;
  if (moduleNode.type === 'relative_import') {
    const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text ?? '';
    level = prefix.length;
    module = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  }
  for (const n of names) {
    if (n.type === 'aliased_import') {
      const name = n.childForFieldName('name')?.text;
      const alias = n.childForFieldName('alias')?.text;
      if (name && alias) out.push([alias, { module, name, level }]);
    } else out.push([n.text, { module, name: n.text, level }]);
  }
  return out;
}

/** The class a function is a method of (defined directly in its body, decorated or not). */
function enclosingClassOfMethod(fn: Node): Node | undefined {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const block = holder.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** What a method's first parameter is: the instance, the class, or (static methods) an ordinary parameter. */
function firstParameterKind(fn: Node): 'self' | 'clsarg' | undefined {
  const name = fn.childForFieldName('name')?.text ?? '';
  if (name === '__new__' || name === '__init_subclass__' || name === '__class_getitem__') return 'clsarg';
  const decorators = fn.parent?.type === 'decorated_definition'
    ? fn.parent.namedChildren.filter((d): d is Node => d?.type === 'decorator') : [];
  let kind: 'self' | 'clsarg' | undefined = 'self';
  for (const d of decorators) {
    const expr = d.namedChildren[0];
    const target = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
    const last = (target?.text ?? '').split('.').pop() ?? '';
    if (last === 'staticmethod') return undefined;
    if (CLASS_FIRST_PARAM.has(last)) kind = 'clsarg';
    if (last === 'model_validator' && expr?.type === 'call') {
      const mode = expr.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode');
      if (stringValue(mode?.childForFieldName('value')) !== 'after') kind = 'clsarg';
    }
  }
  return kind;
}

/** `typing.Optional` / `t.Optional` / bare builtins → 'Optional', 'list', …; undefined for other names. */
function typingName(head: Node, file: PythonFile): string | undefined {
  const q = qualify(head, file.imports);
  if (q) {
    const m = /^(?:typing|typing_extensions|collections\.abc)\.(\w+)$/.exec(q);
    return m?.[1];
  }
  if (head.type === 'identifier' && ['list', 'set', 'frozenset', 'tuple', 'type', 'dict'].includes(head.text)) return head.text;
  return undefined;
}

function describeStatement(stmt: Node): string {
  if (stmt.type === 'function_definition' || stmt.type === 'decorated_definition') {
    const fn = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    return `\`def ${fn?.childForFieldName('name')?.text ?? '…'}\``;
  }
  if (stmt.type === 'class_definition') return `\`class ${stmt.childForFieldName('name')?.text ?? '…'}\``;
  if (stmt.type === 'expression_statement' && stmt.namedChildren[0]?.type === 'string') return 'a docstring';
  const first = stmt.text.split(/\r?\n/)[0];
  return `\`${first.length > 40 ? `${first.slice(0, 40)}…` : first}\``;
}

function callInfo(call: Node): CallInfo {
  const args = call.childForFieldName('arguments')!;
  const positional: string[] = [];
  const keywords: string[] = [];
  let splat = false;
  let comments = false;
  for (const a of args.namedChildren) {
    if (!a) continue;
    if (a.type === 'keyword_argument') keywords.push(a.childForFieldName('name')?.text ?? '');
    else if (a.type === 'list_splat' || a.type === 'dictionary_splat') splat = true;
    else if (a.type === 'comment') comments = true;
    else positional.push(a.text);
  }
  return { range: nodeRange(args), positional, keywords, splat, comments };
}
