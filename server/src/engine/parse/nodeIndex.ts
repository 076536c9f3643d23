// One index of a tree's interesting nodes, built in a single walk in WASM the first time anything asks.
// Each `descendantsOfType` call walks the whole (sub)tree in WASM (~0.8 ms per 1,000 lines) and a JS
// walk costs one WASM call per node; one walk per node type, per function body and per handler was most
// of the analysis time. Keyed by the tree, so helpers that only hold a node find it too.
import type { Node, Tree } from 'web-tree-sitter';

/**
 * The node types rules and the project summary ask for. A type missing here still works (its own walk):
 * identifiers are left out on purpose, as they are most of a file's nodes (~1 µs each to bring over from
 * WASM) and only some rules need them, on some files (those importing `typing`, Pydantic validators).
 */
const INDEXED = [
  'call', 'attribute', 'assignment', 'augmented_assignment', 'class_definition', 'function_definition',
  'decorator', 'import_statement', 'import_from_statement', 'string', 'concatenated_string', 'except_clause',
  'not_operator', 'comparison_operator', 'generic_type', 'subscript', 'for_statement', 'for_in_clause',
  'named_expression', 'as_pattern', 'global_statement', 'nonlocal_statement', 'case_pattern', 'with_item', 'lambda',
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'comment',
  'raise_statement', 'return_statement', 'typed_parameter', 'typed_default_parameter', 'keyword_argument', 'await',
];
const INDEXED_SET = new Set(INDEXED);
const SCOPE_TYPES = ['function_definition', 'lambda', 'class_definition'];

export class NodeIndex {
  private buckets?: Map<string, Node[]>;
  private readonly others = new Map<string, Node[]>();
  private readonly merged = new Map<string, Node[]>();

  constructor(private readonly root: Node) {}

  /** Every node of the given type(s) in the tree, in document order (pre-order). */
  nodes(types: string | readonly string[]): Node[] {
    if (typeof types === 'string') return this.ofType(types);
    if (types.length === 1) return this.ofType(types[0]);
    const key = types.join('|');
    let found = this.merged.get(key);
    // Document order; a parent before a child that starts at the same offset (pre-order).
    if (!found) this.merged.set(key, (found = types.flatMap((t) => this.ofType(t)).sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex)));
    return found;
  }

  /** The nodes of `nodes(types)` inside `container` (itself included when it matches), like `container.descendantsOfType`. */
  within(container: Node, types: string | readonly string[]): Node[] {
    const all = this.nodes(types);
    const start = container.startIndex, end = container.endIndex;
    let lo = 0, hi = all.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (all[mid].startIndex < start) lo = mid + 1; else hi = mid; }
    const out: Node[] = [];
    for (let i = lo; i < all.length && all[i].startIndex < end; i++) {
      // an ancestor of the container can start at the same offset: keep only what ends inside it
      if (all[i].startIndex === start && all[i].id !== container.id && all[i].endIndex > end) continue;
      out.push(all[i]);
    }
    return out;
  }

  /**
   * The nodes of the given types under `container` that belong to its scope: nested functions, lambdas
   * and classes are reported when asked for but not entered.
   */
  inScope(container: Node, types: readonly string[]): Node[] {
    const wanted = new Set(types);
    const out: Node[] = [];
    let skipUntil = -1;
    for (const n of this.within(container, [...new Set([...types, ...SCOPE_TYPES])])) {
      if (n.id === container.id) continue;
      if (n.startIndex < skipUntil) continue;
      if (wanted.has(n.type)) out.push(n);
      if (SCOPE_TYPES.includes(n.type)) skipUntil = n.endIndex;
    }
    return out;
  }

  private ofType(type: string): Node[] {
    if (INDEXED_SET.has(type)) return this.indexed().get(type)!;
    let found = this.others.get(type);
    if (!found) this.others.set(type, (found = this.root.descendantsOfType(type).filter((n): n is Node => !!n)));
    return found;
  }

  private indexed(): Map<string, Node[]> {
    if (!this.buckets) {
      const buckets = new Map<string, Node[]>(INDEXED.map((t) => [t, []]));
      for (const n of this.root.descendantsOfType(INDEXED)) if (n) buckets.get(n.type)?.push(n);
      this.buckets = buckets;
    }
    return this.buckets;
  }
}

const indexes = new WeakMap<Tree, NodeIndex>();

/** The index of the tree `node` belongs to (created on first use). */
export function nodeIndex(node: Node): NodeIndex {
  let index = indexes.get(node.tree);
  if (!index) indexes.set(node.tree, (index = new NodeIndex(node.tree.rootNode)));
  return index;
}
