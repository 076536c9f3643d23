// deprecated-typing-union: `Optional[X]` / `Union[X, Y]` where PEP 604 `X | None` / `X | Y` works
// (Python ≥ 3.10). Semantics after Ruff UP007/UP045: forward references (`Optional["Foo"]`) are left
// alone because `"Foo" | None` fails at run time; nested unions flatten (`Optional[Union[a, b]]` →
// `a | b | None`); `Optional[None]` is `None`. Fixed in annotations only (like Ruff); the fix drops
// the `typing` import it leaves unused.
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import { boundName, importedNames, namesUses, reboundAtModuleLevel, removeImportedNames, shadowedLocally, type BindingCache, type NameUses } from '../../parse/pyedit';
import { atLeast, type ProjectFacts } from '../../workspace/facts';
import { silencedAt } from './silenced';
import { nodeIndex } from '../../parse/nodeIndex';

const meta: RuleMeta = {
  id: 'deprecated-typing-union',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'hint',
  languages: ['python'],
  summary: '`Optional[X]` and `Union[X, Y]` can be written `X | None` and `X | Y` (PEP 604, Python 3.10+).',
  fixSafety: 'safe',
  foreignCodes: ['UP007', 'UP045'],
};

type Kind = 'Optional' | 'Union';
const KIND_OF: Record<string, Kind> = {
  'typing.Optional': 'Optional', 'typing.Union': 'Union',
  'typing_extensions.Optional': 'Optional', 'typing_extensions.Union': 'Union',
};

/** Member node types that are types and can stand in a `|` chain as they are (not literals, lists, strings). */
const PLAIN_MEMBER = new Set(['identifier', 'attribute', 'subscript', 'generic_type', 'member_type', 'call', 'none',
  'union_type', 'binary_operator', 'parenthesized_expression']);

interface UnionNode {
  node: Node;
  kind: Kind;
  /** The `Optional`/`Union` identifier when it is a bare imported name (what the import removal counts). */
  head?: Node;
  members: Node[];
}

class Analysis {
  private readonly cache = new Map<number, UnionNode | null>();
  private readonly scopes: BindingCache = new Map();
  /** Local names rebound at module level (then every use is ambiguous). */
  private readonly rebound = new Map<string, boolean>();
  /** Ids of every reportable union of the file (found once, through the parser). */
  private readonly reportableIds = new Set<number>();
  /** Local names bound to `typing.Optional` / `Union`, and aliases of the `typing` modules. */
  private readonly heads = new Set<string>();

  constructor(private readonly file: PythonFile) {
    for (const [local, full] of file.imports.names) {
      if (KIND_OF[full]) this.heads.add(local);
    }
    const modules = [...file.imports.names].filter(([, full]) => full === 'typing' || full === 'typing_extensions').map(([l]) => l);
    if (this.heads.size === 0 && modules.length === 0) return;
    for (const node of file.nodes(['generic_type', 'subscript'])) {
      if (!node) continue;
      const head = node.type === 'generic_type' ? node.namedChildren[0] : node.childForFieldName('value');
      // Quick text test before any tree work: `Optional[`, `t.Union[`.
      const text = head?.text ?? '';
      if (!this.heads.has(text) && !modules.some((m) => text === `${m}.Optional` || text === `${m}.Union`)) continue;
      const u = this.union(node);
      if (u && this.reportable(u)) this.reportableIds.add(node.id);
    }
  }

  /** Reportable unions that no other reportable union contains. */
  outermost(): UnionNode[] {
    const out: UnionNode[] = [];
    for (const id of this.reportableIds) {
      const u = this.cache.get(id)!;
      let nested = false;
      for (let p = u.node.parent; p && !nested; p = p.parent) nested = this.reportableIds.has(p.id);
      if (!nested) out.push(u);
    }
    return out.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  /** The node as a typing union, or null. */
  union(node: Node): UnionNode | null {
    if (this.cache.has(node.id)) return this.cache.get(node.id)!;
    const found = this.read(node);
    this.cache.set(node.id, found);
    return found;
  }

  private read(node: Node): UnionNode | null {
    if (node.type === 'generic_type') {
      const head = node.namedChildren[0];
      const params = node.namedChildren.find((c) => c?.type === 'type_parameter');
      if (head?.type !== 'identifier' || !params) return null;
      const kind = this.kindOfName(head);
      if (!kind) return null;
      return { node, kind, head, members: params.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map(unwrap) };
    }
    if (node.type === 'subscript') {
      const value = node.childForFieldName('value');
      if (!value) return null;
      const kind = value.type === 'identifier' ? this.kindOfName(value) : KIND_OF[qualify(value, this.file.imports) ?? ''];
      if (!kind) return null;
      const members = node.childrenForFieldName('subscript').filter((c): c is Node => !!c && c.type !== 'comment').map(unwrap);
      return { node, kind, head: value.type === 'identifier' ? value : undefined, members };
    }
    return null;
  }

  private kindOfName(id: Node): Kind | undefined {
    const kind = KIND_OF[this.file.imports.names.get(id.text) ?? ''];
    if (!kind) return undefined;
    if (!this.rebound.has(id.text)) this.rebound.set(id.text, reboundAtModuleLevel(this.file.root, id.text));
    return this.rebound.get(id.text) || shadowedLocally(id, id.text, this.scopes) ? undefined : kind;
  }

  /**
   * Worth reporting: a well-formed union whose members can join with `|` at run time. A quoted
   * member (`Optional["Foo"]`) would become `"Foo" | None`, a TypeError when evaluated: left alone.
   */
  reportable(u: UnionNode): boolean {
    if (u.members.length === 0 || (u.kind === 'Optional' && u.members.length !== 1)) return false;
    return u.members.every((m) => PLAIN_MEMBER.has(m.type));
  }

  /** The `|` members of a union, nested reportable unions flattened, duplicates (`None`) once. */
  members(u: UnionNode, consumed: Set<number>): string[] {
    if (u.head) consumed.add(u.head.id);
    const out: string[] = [];
    for (const m of u.members) {
      if (this.reportableIds.has(m.id)) out.push(...this.members(this.cache.get(m.id)!, consumed));
      else out.push(this.render(m, consumed));
    }
    if (u.kind === 'Optional') out.push('None');
    return [...new Set(out)];
  }

  replacement(u: UnionNode, consumed: Set<number>): string {
    const members = this.members(u, consumed);
    const nonNone = members.filter((m) => m !== 'None');
    // `Optional[None]` is `None`; `None | None` would be a TypeError.
    return nonNone.length === 0 ? 'None' : members.join(' | ');
  }

  /** A node's text with every reportable union inside it rewritten. */
  render(node: Node, consumed: Set<number>): string {
    const base = this.file.lines.offsetAt(nodeRange(node).start);
    let text = node.text;
    const inner = this.outermostUnions(node).sort((a, b) => b.node.startIndex - a.node.startIndex);
    for (const u of inner) {
      const start = this.file.lines.offsetAt(nodeRange(u.node).start) - base;
      const end = this.file.lines.offsetAt(nodeRange(u.node).end) - base;
      text = text.slice(0, start) + this.wrapped(u, consumed) + text.slice(end);
    }
    return text;
  }

  wrapped(u: UnionNode, consumed: Set<number>): string {
    const text = this.replacement(u, consumed);
    return text.includes(' | ') && needsParentheses(u.node) ? `(${text})` : text;
  }

  /** Reportable unions strictly inside `node` with no reportable union between them and it. */
  outermostUnions(node: Node): UnionNode[] {
    const out: UnionNode[] = [];
    const visit = (n: Node) => {
      for (const c of n.namedChildren) {
        if (!c) continue;
        if (this.reportableIds.has(c.id)) out.push(this.cache.get(c.id)!);
        else visit(c);
      }
    };
    visit(node);
    return out;
  }
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'type' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  return n;
}

/** Whether `a | b` put where the node is would bind differently (`Optional[int].x`, `-Optional[int]`). */
function needsParentheses(node: Node): boolean {
  let child = node;
  let parent = node.parent;
  while (parent?.type === 'type') { child = parent; parent = parent.parent; }
  if (!parent) return false;
  switch (parent.type) {
    case 'member_type': case 'unary_operator': case 'await': return true;
    case 'attribute': return parent.childForFieldName('object')?.id === child.id;
    case 'subscript': return parent.childForFieldName('value')?.id === child.id;
    case 'call': return parent.childForFieldName('function')?.id === child.id;
    case 'binary_operator': return parent.childForFieldName('operator')?.text !== '|';
    default: return false;
  }
}

/** Inside an annotation (tree-sitter wraps annotations in `type`), where Ruff applies the fix too. */
function inAnnotation(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'type') return true;
    if (['block', 'module', 'expression_statement', 'argument_list', 'lambda'].includes(n.type)) return false;
  }
  return false;
}

function check(file: PythonFile, facts: ProjectFacts) {
  if (!atLeast(facts.pythonTarget, 3, 10)) return [];
  const analysis = new Analysis(file);
  const reported = analysis.outermost();
  if (reported.length === 0) return [];
  // Silenced places (`# noqa: UP045`) stay as written, also when another finding's file-wide fix runs.
  const silenced = silencedAt(file, meta);
  const fixable = reported.filter((u) => inAnnotation(u.node) && nodeIndex(u.node).within(u.node, 'comment').length === 0 && !silenced(u.node));
  const fixer = new Fixer(file, analysis);
  const fileFix = fixable.length ? fixer.fix(fixable, true) : undefined;
  const fixableIds = new Set(fixable.map((u) => u.node.id));
  return reported.map((u) => {
    const original = u.node.text.replace(/\s+/g, ' ');
    const replacement = fixer.rewrite(u).text;
    const fixes: Fix[] = [];
    if (fileFix && fixableIds.has(u.node.id)) {
      fixes.push(fileFix);
      if (fixable.length > 1) fixes.push(fixer.fix([u], false));
    }
    const shown = original.length + replacement.length <= 90 && !replacement.includes('\n');
    const message = shown
      ? `\`${original}\` can be written \`${replacement}\` (PEP 604, Python 3.10+).`
      : `Use the \`X | Y\` union syntax instead of \`${u.kind}[…]\` (PEP 604, Python 3.10+).`;
    return makeFinding(meta, file.file, u.node, message, fixes);
  });
}

/** Rewrites (computed once per union) and the fixes built from them. */
class Fixer {
  private readonly rewrites = new Map<number, { text: string; heads: Set<number> }>();
  /** `from typing import …` entries of Optional/Union, with the reads of their local names. */
  private readonly imports: { stmt: Node; entry: Node; uses: NameUses }[] = [];

  constructor(private readonly file: PythonFile, private readonly analysis: Analysis) {
    const found: { stmt: Node; entry: Node; local: string }[] = [];
    for (const stmt of file.root.namedChildren) {
      const module = stmt?.type === 'import_from_statement' ? stmt.childForFieldName('module_name')?.text : undefined;
      if (!stmt || (module !== 'typing' && module !== 'typing_extensions')) continue;
      for (const entry of importedNames(stmt)) {
        const local = boundName(entry);
        const full = file.imports.names.get(local);
        if (full && KIND_OF[full] && full.startsWith(`${module}.`)) found.push({ stmt, entry, local });
      }
    }
    const uses = namesUses(file.root, found.map((f) => f.local), file.nodes);
    for (const { stmt, entry, local } of found) this.imports.push({ stmt, entry, uses: uses.get(local)! });
  }

  /** The union's replacement text and the `Optional`/`Union` identifiers it makes disappear. */
  rewrite(u: UnionNode): { text: string; heads: Set<number> } {
    if (!this.rewrites.has(u.node.id)) {
      const heads = new Set<number>();
      this.rewrites.set(u.node.id, { text: this.analysis.wrapped(u, heads), heads });
    }
    return this.rewrites.get(u.node.id)!;
  }

  fix(unions: UnionNode[], wholeFile: boolean): Fix {
    const consumed = new Set<number>();
    const edits: TextEdit[] = unions.map((u) => {
      const { text, heads } = this.rewrite(u);
      for (const h of heads) consumed.add(h);
      return { range: nodeRange(u.node), newText: text };
    });
    // Drop `Optional` / `Union` from `from typing import …` when no read of them is left.
    const unused = new Map<Node, Node[]>();
    for (const { stmt, entry, uses } of this.imports) {
      if (uses.inStrings || uses.identifiers.some((id) => !consumed.has(id.id))) continue;
      unused.set(stmt, [...(unused.get(stmt) ?? []), entry]);
    }
    for (const [stmt, entries] of unused) edits.push(...removeImportedNames(this.file.lines, stmt, entries));
    const title = wholeFile
      ? `Use \`X | Y\` unions${unions.length > 1 ? ` (${unions.length} places in this file)` : ''}`
      : 'Use `X | Y` here only';
    return { title, safety: 'safe', preferred: wholeFile, edits: [{ file: this.file.file, edits }] };
  }
}

export const deprecatedTypingUnion: PythonRule = { meta, check };
