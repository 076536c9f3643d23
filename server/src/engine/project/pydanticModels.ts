// Which classes of the project are Pydantic models, and what a receiver is, resolved across files from
// the per-file Pydantic summaries: imports are followed (absolute, relative, re-exports through
// `__init__.py`), class hierarchies are walked up to `pydantic.BaseModel` / `pydantic_settings.BaseSettings`,
// and `pydantic.v1` classes are kept apart (v1 code on purpose). Anything not known stays unknown.
import path from 'node:path';
import type { ProjectModel } from './model';
import type { Binding, PydanticClass, PydanticSummary, TypeRef } from './pydanticSummary';

export type ClassKind = 'model' | 'settings' | 'v1' | 'other';

type ClassValue = { k: 'cls'; file: string; i: number } | { k: 'ext'; q: string };
type Value =
  | ClassValue
  | { k: 'mod'; dotted?: string; files: string[]; dirs: string[] }
  | { k: 'def'; file: string; returns?: TypeRef[]; async: boolean }
  | { k: 'inst'; of: ClassValue }
  | { k: 'iter'; of: Value }
  | { k: 'ctor'; of: ClassValue };

/** What a receiver is: instances of classes, or class objects. */
export type Receiver = { kind: 'instance' | 'class'; classes: ClassValue[] };

const MODEL_ROOTS = new Set(['pydantic.BaseModel', 'pydantic.main.BaseModel', 'pydantic.RootModel', 'pydantic.root_model.RootModel']);
const SETTINGS_ROOTS = new Set(['pydantic_settings.BaseSettings', 'pydantic_settings.main.BaseSettings',
  'pydantic.BaseSettings', 'pydantic.env_settings.BaseSettings']);
/** External bases that add no methods a Pydantic model could be confused with. */
const NEUTRAL_BASES = new Set(['typing.Generic', 'typing_extensions.Generic', 'abc.ABC', 'builtins.object', 'typing.Protocol']);
/** Class methods that build an instance (`User.parse_obj(…)` is a User). */
const CONSTRUCTORS = new Set(['parse_obj', 'parse_raw', 'parse_file', 'from_orm', 'construct', 'validate', 'model_validate',
  'model_validate_json', 'model_validate_strings', 'model_construct']);
const MAX_DEPTH = 40;

/** Per set of files (the model keeps the same set while no file comes or goes): dotted module names → files, and package names. */
const layouts = new WeakMap<ReadonlySet<string>, { modules: Map<string, string[]>; packages: Set<string> }>();

function moduleLayout(root: string, files: ReadonlySet<string>): { modules: Map<string, string[]>; packages: Set<string> } {
  const cached = layouts.get(files);
  if (cached) return cached;
  const modules = new Map<string, string[]>();
  const packages = new Set<string>();
  for (const file of files) {
    if (!file.endsWith('.py')) continue;
    const rel = path.relative(root, file).split(path.sep);
    if (rel[0] === '..' || path.isAbsolute(rel.join('/'))) continue;
    rel[rel.length - 1] = rel[rel.length - 1].replace(/\.py$/, '');
    if (rel[rel.length - 1] === '__init__') rel.pop();
    if (!rel.length || !rel.every((s) => /^[A-Za-z_]\w*$/.test(s))) continue;
    // Every suffix: `src/app/models.py` is `app.models` when `src` is on the path, `models` from its folder.
    for (let k = 0; k < rel.length; k++) {
      const dotted = rel.slice(k).join('.');
      const list = modules.get(dotted);
      if (list) list.push(file); else modules.set(dotted, [file]);
      for (let j = k + 1; j < rel.length; j++) packages.add(rel.slice(k, j).join('.'));
    }
  }
  const layout = { modules, packages };
  layouts.set(files, layout);
  return layout;
}

export class PydanticProject {
  private readonly summaries = new Map<string, PydanticSummary>();
  private readonly modules: ReadonlyMap<string, string[]>;
  private readonly packages: ReadonlySet<string>;
  private readonly kinds = new Map<string, ClassKind | undefined>();
  private readonly files: ReadonlySet<string>;

  constructor(readonly model: ProjectModel) {
    this.files = model.files;
    for (const { file, summary } of model.summaries) if (summary.pydantic) this.summaries.set(file, summary.pydantic);
    const layout = moduleLayout(model.root, model.files);
    this.modules = layout.modules;
    this.packages = layout.packages;
  }

  summary(file: string): PydanticSummary | undefined { return this.summaries.get(file); }

  /** The kind of a class of a file: model, settings, v1 (pydantic.v1), other; undefined when not known. */
  classKind(file: string, index: number): ClassKind | undefined {
    return this.kindOf({ k: 'cls', file, i: index }, 0);
  }

  /** What a receiver described in `file` is, when every alternative is known. */
  receiver(file: string, refs: TypeRef[]): Receiver | undefined {
    const values = this.resolveAll(file, refs, 0);
    if (!values?.length) return undefined;
    if (values.every((v) => v.k === 'inst')) return { kind: 'instance', classes: values.map((v) => (v as { of: ClassValue }).of) };
    if (values.every((v) => v.k === 'cls' || v.k === 'ext')) return { kind: 'class', classes: values as ClassValue[] };
    return undefined;
  }

  kind(value: ClassValue): ClassKind | undefined { return this.kindOf(value, 0); }

  /**
   * Whether the class or a base of it may define `name` itself (so `x.name()` is not Pydantic's):
   * true when a project class of its hierarchy binds it, or a base is unknown or an unfamiliar library class.
   */
  mayOverride(value: ClassValue, name: string, depth = 0): boolean {
    if (depth > MAX_DEPTH) return true;
    if (value.k === 'ext') return !(MODEL_ROOTS.has(value.q) || SETTINGS_ROOTS.has(value.q) || NEUTRAL_BASES.has(value.q));
    const cls = this.classOf(value);
    if (!cls) return true;
    if (cls.members.includes(name)) return true;
    for (const base of cls.bases) {
      const values = base ? this.resolveAll(value.file, base, depth + 1) : undefined;
      if (!values) return true;
      for (const v of values) {
        if (v.k !== 'cls' && v.k !== 'ext') return true;
        if (this.mayOverride(v, name, depth + 1)) return true;
      }
    }
    return false;
  }

  className(value: ClassValue): string {
    return value.k === 'ext' ? value.q.split('.').pop()! : this.classOf(value)?.name ?? '?';
  }

  // ---- resolution ----

  private classOf(value: { file: string; i: number }): PydanticClass | undefined {
    return this.summaries.get(value.file)?.classes[value.i];
  }

  private kindOf(value: ClassValue, depth: number): ClassKind | undefined {
    if (value.k === 'ext') {
      if (MODEL_ROOTS.has(value.q)) return 'model';
      if (SETTINGS_ROOTS.has(value.q)) return 'settings';
      if (value.q === 'pydantic.v1' || value.q.startsWith('pydantic.v1.')) return 'v1';
      return 'other';
    }
    const key = `${value.file}#${value.i}`;
    if (this.kinds.has(key)) return this.kinds.get(key);
    if (depth > MAX_DEPTH) return undefined;
    this.kinds.set(key, undefined); // a cycle resolves to unknown
    const cls = this.classOf(value);
    let result: ClassKind | undefined = cls ? 'other' : undefined;
    const found = new Set<ClassKind | undefined>();
    for (const base of cls?.bases ?? []) {
      const values = base ? this.resolveAll(value.file, base, depth + 1) : undefined;
      const kinds = new Set<ClassKind | undefined>(values?.length ? values.map((v) => v.k === 'cls' || v.k === 'ext' ? this.kindOf(v, depth + 1) : undefined) : [undefined]);
      // Alternatives (a conditional import) must agree.
      found.add(kinds.size === 1 ? [...kinds][0] : undefined);
    }
    if (found.has('v1')) result = 'v1';
    else if (found.has('settings')) result = 'settings';
    else if (found.has('model')) result = 'model';
    else if (found.has(undefined)) result = undefined;
    this.kinds.set(key, result);
    return result;
  }

  private resolveAll(file: string, refs: TypeRef[], depth: number): Value[] | undefined {
    return allKnown(refs, (ref) => this.resolve(file, ref, depth));
  }

  private resolve(file: string, ref: TypeRef, depth: number): Value[] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let values: Value[] | undefined = ref.c !== undefined ? [{ k: 'cls', file, i: ref.c }] : this.lookupName(file, ref.n ?? '', depth + 1);
    for (const op of ref.ops) {
      if (!values) return undefined;
      values = allKnown(values, (v) => this.apply(v, op, depth + 1));
    }
    return values;
  }

  private lookupName(file: string, name: string, depth: number): Value[] | undefined {
    const bindings = this.summaries.get(file)?.names[name];
    if (!bindings?.length) return undefined;
    return allKnown(bindings, (b) => this.binding(file, b, depth));
  }

  private binding(file: string, b: Binding, depth: number): Value[] | undefined {
    switch (b.k) {
      case 'cls': return [{ k: 'cls', file, i: b.i }];
      case 'def': return [{ k: 'def', file, returns: b.returns, async: b.async }];
      case 'val': return b.types ? this.resolveAll(file, b.types, depth + 1) : undefined;
      case 'imp': {
        if (b.level === 0) {
          const module = this.moduleValue(b.module);
          return b.name === undefined ? [module] : this.member(module, b.name, depth + 1);
        }
        let base = path.dirname(file);
        for (let i = 1; i < b.level; i++) base = path.dirname(base);
        const dir = b.module ? path.join(base, ...b.module.split('.')) : base;
        const files = [`${dir}.py`, path.join(dir, '__init__.py')].filter((f) => this.files.has(f));
        const module: Value = { k: 'mod', files, dirs: [dir] };
        return b.name === undefined ? [module] : this.member(module, b.name, depth + 1);
      }
    }
  }

  private moduleValue(dotted: string): Value {
    const top = dotted.split('.')[0];
    if (top === 'pydantic' || top === 'pydantic_settings') return { k: 'ext', q: dotted };
    const files = this.modules.get(dotted) ?? [];
    if (!files.length && !this.packages.has(dotted)) return { k: 'ext', q: dotted };
    return { k: 'mod', dotted, files, dirs: files.filter((f) => path.basename(f) === '__init__.py').map((f) => path.dirname(f)) };
  }

  private member(value: Value, name: string, depth: number): Value[] | undefined {
    switch (value.k) {
      case 'ext': return [{ k: 'ext', q: `${value.q}.${name}` }];
      case 'mod': {
        const out: Value[] = [];
        for (const f of value.files) {
          if (!this.summaries.get(f)?.names[name]) continue;
          const values = this.lookupName(f, name, depth + 1);
          if (!values) return undefined;
          out.push(...values);
        }
        if (out.length) return out;
        if (value.dotted) {
          const sub = `${value.dotted}.${name}`;
          if (this.modules.has(sub) || this.packages.has(sub)) return [this.moduleValue(sub)];
        }
        for (const dir of value.dirs) {
          const sub = path.join(dir, name);
          const files = [`${sub}.py`, path.join(sub, '__init__.py')].filter((f) => this.files.has(f));
          if (files.length) return [{ k: 'mod', files, dirs: [sub] }];
        }
        return undefined;
      }
      case 'cls':
        return CONSTRUCTORS.has(name) && !this.mayOverride(value, name) ? [{ k: 'ctor', of: value }] : undefined;
      case 'inst': {
        if (value.of.k !== 'cls') return undefined;
        const types = this.fieldType(value.of, name, depth + 1);
        return types ? this.resolveAll(types.file, types.refs, depth + 1) : undefined;
      }
      default: return undefined;
    }
  }

  /** The annotation of a field, declared on the class or a project base class. */
  private fieldType(value: { file: string; i: number }, name: string, depth: number): { file: string; refs: TypeRef[] } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const cls = this.classOf(value);
    if (!cls) return undefined;
    if (cls.fields[name]) return { file: value.file, refs: cls.fields[name] };
    if (cls.members.includes(name)) return undefined;
    for (const base of cls.bases) {
      const values = base ? this.resolveAll(value.file, base, depth + 1) : undefined;
      for (const v of values ?? []) {
        if (v.k !== 'cls') continue;
        const found = this.fieldType(v, name, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private apply(value: Value, op: string, depth: number): Value[] | undefined {
    if (op.startsWith('.')) return this.member(value, op.slice(1), depth);
    switch (op) {
      case '()': case 'await()': {
        const awaited = op === 'await()';
        if (value.k === 'def') {
          if (value.async !== awaited || !value.returns) return undefined;
          return this.resolveAll(value.file, value.returns, depth + 1);
        }
        if (awaited) return undefined;
        if (value.k === 'cls' || value.k === 'ext') return [{ k: 'inst', of: value }];
        if (value.k === 'ctor') return [{ k: 'inst', of: value.of }];
        return undefined;
      }
      case 'inst': return value.k === 'cls' || value.k === 'ext' ? [{ k: 'inst', of: value }] : undefined;
      case 'iter': return value.k === 'inst' ? [{ k: 'iter', of: value }] : undefined;
      case 'elem': return value.k === 'iter' ? [value.of] : undefined;
      default: return undefined;
    }
  }
}

/** One resolver per project model (rules of the same run share it). */
const cache = new WeakMap<ProjectModel, PydanticProject>();
export function pydanticProject(model: ProjectModel): PydanticProject {
  let project = cache.get(model);
  if (!project) {
    project = new PydanticProject(model);
    cache.set(model, project);
  }
  return project;
}

/** The values of every item, concatenated; undefined as soon as one is unknown (then the whole is unknown). */
function allKnown<T>(items: readonly T[], valuesOf: (item: T) => Value[] | undefined): Value[] | undefined {
  const out: Value[] = [];
  for (const item of items) {
    const values = valuesOf(item);
    if (!values) return undefined;
    out.push(...values);
  }
  return out;
}
