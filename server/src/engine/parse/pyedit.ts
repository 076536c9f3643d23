// Source edits and name-binding questions shared by the rules whose fixes rewrite names and imports:
// removing names from an import (the whole statement when none is left), whether a local name is
// still used (references and string annotations), and whether a scope rebinds a name.
import type { Node } from 'web-tree-sitter';
import type { Range, TextEdit } from '../types';
import type { LineIndex } from '../text';
import { descendantsInScope, nodeRange } from './pyast';
import { nodeIndex } from './nodeIndex';

/** The names of an import statement: `dotted_name` or `aliased_import` nodes, in source order. */
export function importedNames(stmt: Node): Node[] {
  return stmt.childrenForFieldName('name').filter((n): n is Node => !!n);
}

/** The name a module-level import entry binds: `B` for `B`, `C` for `B as C`. */
export function boundName(entry: Node): string {
  return entry.type === 'aliased_import' ? entry.childForFieldName('alias')?.text ?? '' : entry.text;
}

/** The imported name itself: `B` for both `B` and `B as C`. */
export function originalName(entry: Node): string {
  return entry.type === 'aliased_import' ? entry.childForFieldName('name')?.text ?? '' : entry.text;
}

export function insideImport(node: Node): boolean {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'import_from_statement' || n.type === 'import_statement' || n.type === 'future_import_statement') return true;
    if (n.type === 'block' || n.type === 'module') return false;
  }
  return false;
}

/**
 * The range of whole lines a statement occupies (with the line break after it), when nothing else
 * shares those lines but whitespace and a trailing comment; undefined otherwise.
 */
export function wholeLines(lines: LineIndex, stmt: Node): Range | undefined {
  const first = lines.lineText(stmt.startPosition.row);
  if (first.slice(0, stmt.startPosition.column).trim() !== '') return undefined;
  const last = lines.lineText(stmt.endPosition.row).slice(stmt.endPosition.column).trim();
  if (last !== '' && !last.startsWith('#')) return undefined;
  const start = { line: stmt.startPosition.row, character: 0 };
  const next = stmt.endPosition.row + 1;
  if (next < lines.lineCount) return { start, end: { line: next, character: 0 } };
  // Last line of the file: take the line break before it instead, when there is one.
  const end = { line: stmt.endPosition.row, character: lines.lineText(stmt.endPosition.row).length };
  return stmt.startPosition.row > 0
    ? { start: { line: stmt.startPosition.row - 1, character: lines.lineText(stmt.startPosition.row - 1).length }, end }
    : { start, end };
}

/** Deletes a statement: its whole lines, or `pass` where it is alone in a block or shares its line. */
export function deleteStatement(lines: LineIndex, stmt: Node): TextEdit {
  const parent = stmt.parent;
  const alone = parent?.type === 'block' && parent.namedChildren.filter((c) => c && c.type !== 'comment').length === 1;
  const range = alone ? undefined : wholeLines(lines, stmt);
  if (!range) return { range: nodeRange(stmt), newText: 'pass' };
  // Between blank lines, the longer run of them is what stays (no run of three blank lines left behind).
  if (range.end.character !== 0) return { range, newText: '' };
  const blank = (row: number) => lines.lineText(row).trim() === '';
  let before = 0;
  while (stmt.startPosition.row - before - 1 >= 0 && blank(stmt.startPosition.row - before - 1)) before++;
  let after = 0;
  while (range.end.line + after + 1 < lines.lineCount && blank(range.end.line + after)) after++;
  const drop = Math.min(before, after);
  return { range: { start: range.start, end: { line: range.end.line + drop, character: 0 } }, newText: '' };
}

/**
 * Edits removing some names from an import statement, keeping its layout (parentheses, one name per
 * line, trailing comma); the whole statement goes when no name is left.
 */
export function removeImportedNames(lines: LineIndex, stmt: Node, remove: Node[]): TextEdit[] {
  const names = importedNames(stmt);
  const gone = new Set(remove.map((n) => n.id));
  const kept = names.filter((n) => !gone.has(n.id));
  if (kept.length === names.length) return [];
  if (kept.length === 0) return [deleteStatement(lines, stmt)];
  return removeListItems(names, remove);
}

/**
 * Edits removing some items of a comma-separated list (import names, call arguments, tuple elements)
 * with the commas that join them, keeping the layout; nothing when none or all would go (the caller
 * decides what an empty list means). An item goes with the text up to the next item; items after the
 * last kept one go with the comma before them. The ranges chain without overlapping.
 */
export function removeListItems(items: Node[], remove: Node[]): TextEdit[] {
  const gone = new Set(remove.map((n) => n.id));
  const kept = items.filter((n) => !gone.has(n.id));
  if (!kept.length || kept.length === items.length) return [];
  const lastKept = items.indexOf(kept[kept.length - 1]);
  const edits: TextEdit[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!gone.has(items[i].id)) continue;
    if (i < lastKept) {
      edits.push({ range: { start: nodeRange(items[i]).start, end: nodeRange(items[i + 1]).start }, newText: '' });
    } else {
      edits.push({ range: { start: nodeRange(items[lastKept]).end, end: nodeRange(items[items.length - 1]).end }, newText: '' });
      break;
    }
  }
  return edits;
}

/** A string that is a docstring (first statement of a module, class or function body). */
export function isDocstring(node: Node): boolean {
  const stmt = node.parent;
  if (stmt?.type !== 'expression_statement' || stmt.namedChildCount !== 1) return false;
  const body = stmt.parent;
  if (!body || (body.type !== 'module' && body.type !== 'block')) return false;
  const first = body.namedChildren.find((c) => c && c.type !== 'comment');
  return first?.id === stmt.id;
}

/** The text of a string that reads as a type expression (`"List[int]"`, `"Optional"`), not prose. */
const TYPE_EXPRESSION = /^\s*[\w.'"]+(\s*[[\],|]\s*[\w.'"]*)*\s*$/;

/** An identifier that binds rather than reads: an assignment target, a def/class name, a parameter. */
function isBinding(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  const field = (name: string) => parent.childForFieldName(name)?.id === id.id;
  switch (parent.type) {
    case 'assignment': return field('left');
    case 'function_definition': case 'class_definition': return field('name');
    case 'keyword_argument': case 'default_parameter': case 'typed_default_parameter': return field('name');
    case 'parameters': case 'lambda_parameters': return true;
    case 'typed_parameter': return parent.namedChildren[0]?.id === id.id;
    default: return false;
  }
}

export interface NameUses { identifiers: Node[]; inStrings: boolean }

/**
 * The reads of local names outside import statements: identifiers (not bindings, not `x.name`
 * attributes), and whether a string that reads as a type expression mentions them (string annotations
 * like `"Optional[int]"` and `__all__` entries refer to imported names). Docstrings do not count.
 * One pass over the file for all the names.
 */
export function namesUses(root: Node, names: Iterable<string>,
  nodes: (types: string | readonly string[]) => (Node | null)[] = (types) => nodeIndex(root).nodes(types)): Map<string, NameUses> {
  const out = new Map<string, NameUses>();
  for (const name of names) out.set(name, { identifiers: [], inStrings: false });
  if (out.size === 0) return out;
  const imports = nodes(['import_statement', 'import_from_statement', 'future_import_statement'])
    .filter((n): n is Node => !!n).map((n) => [n.startIndex, n.endIndex]);
  const inImport = (n: Node) => imports.some(([start, end]) => n.startIndex >= start && n.endIndex <= end);
  const words = [...out.keys()].map((name) => ({ name, word: new RegExp(`(^|[^\\w.])${escapeRegExp(name)}\\b`) }));
  const strings = new Set<number>();
  for (const { name, node, exact } of nameOccurrences(root, out.keys())) {
    if (exact && node.type === 'identifier') {
      if (inImport(node) || isBinding(node)) continue;
      const parent = node.parent;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) continue;
      out.get(name)!.identifiers.push(node);
    } else if (node.type === 'string_content' && !strings.has(node.id)) {
      strings.add(node.id);
      const content = node.text;
      const named = words.filter((w) => w.word.test(content));
      if (named.length && TYPE_EXPRESSION.test(content) && !isDocstring(node.parent!)) for (const w of named) out.get(w.name)!.inStrings = true;
    }
  }
  return out;
}

/**
 * Where the names occur in the text under `root`, as words not after a `.`, with the smallest node there:
 * the identifier itself (`exact`), or the string or comment that holds the word. Identifiers and strings
 * are most of a file's nodes; finding the names in the text first spares bringing each one over from WASM.
 */
export function* nameOccurrences(root: Node, names: Iterable<string>): Generator<{ name: string; node: Node; exact: boolean }> {
  const alternatives = [...names].map(escapeRegExp);
  if (!alternatives.length) return;
  for (const m of root.text.matchAll(new RegExp(`(?<![\\w.])(?:${alternatives.join('|')})\\b`, 'g'))) {
    const start = root.startIndex + m.index, end = start + m[0].length;
    const node = root.descendantForIndex(start, end);
    if (node) yield { name: m[0], node, exact: node.startIndex === start && node.endIndex === end };
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function nameUses(root: Node, name: string): NameUses {
  return namesUses(root, [name]).get(name)!;
}

/** Whether a local name is still read, not counting the identifiers `ignore` accepts (those a fix rewrites). */
export function nameStillUsed(root: Node, name: string, ignore: (identifier: Node) => boolean = () => false): boolean {
  const uses = nameUses(root, name);
  return uses.inStrings || uses.identifiers.some((id) => !ignore(id));
}

/** Identifiers a binding target binds (`a`, `a, b`, `(a, *b)`), not attributes or subscripts. */
function targetNames(target: Node | null | undefined, out: Set<string>): void {
  if (!target) return;
  if (target.type === 'identifier') { out.add(target.text); return; }
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression', 'tuple', 'list',
    'as_pattern_target', 'expression_list'].includes(target.type)) {
    for (const c of target.namedChildren) targetNames(c, out);
  }
}

/** Names a scope's body binds without going into nested functions and classes (their names count). */
export function namesBoundIn(body: Node, skip: (binding: Node) => boolean = () => false): Set<string> {
  const out = new Set<string>();
  const kinds = ['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'named_expression', 'as_pattern',
    'function_definition', 'class_definition', 'import_statement', 'import_from_statement', 'global_statement', 'nonlocal_statement'];
  for (const n of descendantsInScope(body, kinds)) {
    if (skip(n)) continue;
    switch (n.type) {
      case 'assignment': case 'augmented_assignment': case 'for_statement': case 'for_in_clause':
        targetNames(n.childForFieldName('left'), out); break;
      case 'named_expression': targetNames(n.childForFieldName('name'), out); break;
      case 'as_pattern': targetNames(n.childForFieldName('alias'), out); break;
      case 'function_definition': case 'class_definition': targetNames(n.childForFieldName('name'), out); break;
      case 'global_statement': case 'nonlocal_statement': for (const c of n.namedChildren) targetNames(c, out); break;
      default: for (const entry of importedNames(n)) out.add(boundName(entry).split('.')[0]);
    }
  }
  return out;
}

function parameterNames(params: Node | null): Set<string> {
  const out = new Set<string>();
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'identifier') out.add(p.text);
    else if (p.type === 'typed_parameter' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') {
      const id = p.namedChildren.find((c) => c?.type === 'identifier');
      if (id) out.add(id.text);
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      targetNames(p.childForFieldName('name'), out);
    }
  }
  return out;
}

/** Names bound per scope node id, so that many questions about one file walk each scope once. */
export type BindingCache = Map<number, Set<string>>;

/** Whether an enclosing function, lambda or class (not the module) binds `name` itself. */
export function shadowedLocally(node: Node, name: string, cache: BindingCache = new Map()): boolean {
  const bound = (scope: Node, compute: () => Set<string>) => {
    if (!cache.has(scope.id)) cache.set(scope.id, compute());
    return cache.get(scope.id)!.has(name);
  };
  for (let n = node.parent; n && n.type !== 'module'; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'lambda') {
      const scope = n;
      if (bound(scope, () => {
        const names = parameterNames(scope.childForFieldName('parameters'));
        const body = scope.childForFieldName('body');
        if (body && scope.type === 'function_definition') for (const b of namesBoundIn(body)) names.add(b);
        return names;
      })) return true;
    } else if (n.type === 'class_definition') {
      const body = n.childForFieldName('body');
      if (body && bound(body, () => namesBoundIn(body))) return true;
    }
  }
  return false;
}

/** Whether the module binds `name` other than through its top-level `from … import` of it. */
export function reboundAtModuleLevel(root: Node, name: string): boolean {
  const topLevelImport = (n: Node) => n.parent?.id === root.id && (n.type === 'import_from_statement' || n.type === 'import_statement');
  if (namesBoundIn(root, topLevelImport).has(name)) return true;
  const imports = root.namedChildren.filter((s): s is Node => !!s && topLevelImport(s));
  return imports.flatMap((s) => importedNames(s)).filter((e) => boundName(e) === name).length > 1;
}

/**
 * Edits moving some names of a `from A import …` statement to module `target` (same names and
 * aliases): they join an earlier top-level `from target import …` when there is one, else the module
 * name is replaced (all names move) or a `from target import …` line is added after the statement.
 * Undefined when the statement shares its line with other code and needs a new line.
 */
export function moveImportedNames(lines: LineIndex, stmt: Node, moved: Node[], target: string): TextEdit[] | undefined {
  const names = moved.map((n) => n.text.replace(/\s+/g, ' '));
  const all = moved.length === importedNames(stmt).length;
  const existing = stmt.parent?.type === 'module' ? stmt.parent.namedChildren.find((s) => s?.type === 'import_from_statement'
    && s.id !== stmt.id && s.startIndex < stmt.startIndex && s.childForFieldName('module_name')?.text === target
    && !s.children.some((c) => c?.type === 'wildcard_import')) : undefined;
  if (existing) {
    const present = new Set(importedNames(existing).map((n) => n.text.replace(/\s+/g, ' ')));
    const added = names.filter((n) => !present.has(n));
    const last = importedNames(existing).at(-1)!;
    const at = nodeRange(last).end;
    return [
      ...(added.length ? [{ range: { start: at, end: at }, newText: `, ${added.join(', ')}` }] : []),
      ...removeImportedNames(lines, stmt, moved),
    ];
  }
  if (all) return [{ range: nodeRange(stmt.childForFieldName('module_name')!), newText: target }];
  if (!wholeLines(lines, stmt)) return undefined;
  const indent = /^\s*/.exec(lines.lineText(stmt.startPosition.row))![0];
  const eol = lines.eol;
  const atEnd = stmt.endPosition.row + 1 >= lines.lineCount;
  const at = atEnd ? { line: stmt.endPosition.row, character: lines.lineText(stmt.endPosition.row).length }
    : { line: stmt.endPosition.row + 1, character: 0 };
  const line = `${indent}from ${target} import ${names.join(', ')}`;
  return [
    ...removeImportedNames(lines, stmt, moved),
    { range: { start: at, end: at }, newText: atEnd ? `${eol}${line}` : `${line}${eol}` },
  ];
}
