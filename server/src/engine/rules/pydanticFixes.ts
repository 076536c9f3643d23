// Helpers shared by the Pydantic 1 → 2 rules: the version gate, v1 classes kept apart, and the edits
// their fixes need (several names imported at once, an import entry reused or removed, arguments removed).
import type { Node } from 'web-tree-sitter';
import { removeListItems } from '../parse/pyedit';
import type { TextEdit } from '../types';
import type { PythonFile } from './context';
import { nodeRange } from '../parse/pyast';
import { ensureImport, qualify } from '../parse/pyimports';
import { dependencyAtLeast, type ProjectFacts } from '../workspace/facts';
import { nodeIndex } from '../parse/nodeIndex';

export { removeListItems };

/** The rules fire only when the manifests or lockfiles say Pydantic 2 (unknown: never). */
export function usesPydantic2(facts: ProjectFacts): boolean {
  return dependencyAtLeast(facts, 'pydantic', '2.0') === true;
}

/** The class whose body holds a statement or a (decorated) definition, if any. */
export function enclosingClass(node: Node): Node | undefined {
  let n: Node | null = node;
  while (n && n.parent?.type !== 'block') n = n.parent;
  const block = n?.parent;
  return block?.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** A class with a base from `pydantic.v1` (v1 code kept on purpose: never reported). */
export function isV1Class(cls: Node | undefined, file: PythonFile): boolean {
  for (const base of cls?.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!base || base.type === 'keyword_argument') continue;
    const expr = base.type === 'subscript' ? base.childForFieldName('value') : base;
    const q = qualify(expr, file.imports) ?? '';
    if (q === 'pydantic.v1' || q.startsWith('pydantic.v1.')) return true;
  }
  return false;
}

/**
 * How to refer to several names of one module, and the edits importing the missing ones together
 * (one `, a, b` or one new line). `reuse`: an import entry the fix makes unused, replaced by the
 * missing names instead (or removed when none is missing).
 */
export function importNames(file: PythonFile, module: string, names: string[], reuse?: Node):
  { refs: Record<string, string>; edits: TextEdit[] } {
  const refs: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const found = ensureImport(file.imports, file.lines, module, name);
    if (found.edits.length === 0) refs[name] = found.ref;
    else { refs[name] = name; missing.push(name); }
  }
  if (reuse) {
    if (missing.length) return { refs, edits: [{ range: nodeRange(reuse), newText: missing.join(', ') }] };
    return { refs, edits: removeImportEntry(file, reuse) };
  }
  if (!missing.length) return { refs, edits: [] };
  // Prefer the first plain `from module import a, b` (not `from pydantic import v1 as pydantic_v1`).
  const stmt = fromStatements(file, module).find((s) => !s.text.includes('*')
    && s.childrenForFieldName('name').some((n) => n?.type === 'dotted_name'));
  if (stmt) {
    const last = stmt.childrenForFieldName('name').filter((n): n is Node => !!n).pop()!;
    const at = nodeRange(last).end;
    return { refs, edits: [{ range: { start: at, end: at }, newText: `, ${missing.join(', ')}` }] };
  }
  return { refs, edits: ensureImport(file.imports, file.lines, module, missing.join(', ')).edits };
}

/** How to refer to `module.name`, and the edit importing it (see importNames). */
export function importName(file: PythonFile, module: string, name: string): { ref: string; edits: TextEdit[] } {
  const { refs, edits } = importNames(file, module, [name]);
  return { ref: refs[name], edits };
}

/** Top-level `from module import …` statements, in order. */
export function fromStatements(file: PythonFile, module: string): Node[] {
  return file.root.namedChildren.filter((s): s is Node => s?.type === 'import_from_statement'
    && s.childForFieldName('module_name')?.text === module);
}

/**
 * The plain entry `name` of a top-level `from module import …` when the fix removes the last use
 * of it (so it can be reused or removed); undefined when something else still uses it.
 */
export function lastUseImportEntry(file: PythonFile, module: string, name: string, uses: number): Node | undefined {
  if (file.imports.names.get(name) !== `${module}.${name}`) return undefined;
  const entries = fromStatements(file, module).flatMap((s) => s.childrenForFieldName('name'))
    .filter((n): n is Node => n?.type === 'dotted_name' && n.text === name);
  if (entries.length !== 1) return undefined;
  return countReferences(file.root, name) === uses ? entries[0] : undefined;
}

/** Identifiers `name` used as a value (not attribute names, keyword names or inside imports). */
export function countReferences(root: Node, name: string): number {
  let count = 0;
  for (const id of nodeIndex(root).within(root, 'identifier')) {
    if (!id || id.text !== name) continue;
    const parent = id.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    if (insideImport(id)) continue;
    count++;
  }
  for (const s of nodeIndex(root).within(root, 'string')) {
    if (s && new RegExp(`(^|[^\\w.])${name}\\b`).test(s.text) && !isDocstring(s)) count++;
  }
  return count;
}

function insideImport(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'import_from_statement' || n.type === 'import_statement') return true;
    if (n.type === 'block' || n.type === 'module') return false;
  }
  return false;
}

function isDocstring(node: Node): boolean {
  const stmt = node.parent;
  if (stmt?.type !== 'expression_statement' || stmt.namedChildCount !== 1) return false;
  const first = stmt.parent?.namedChildren.find((c) => c && c.type !== 'comment');
  return first?.id === stmt.id;
}

/** Removes one entry of an import statement (the whole statement, with its line, when it is the only one). */
export function removeImportEntry(file: PythonFile, entry: Node): TextEdit[] {
  const stmt = entry.parent!;
  const names = stmt.childrenForFieldName('name').filter((n): n is Node => !!n);
  if (names.length === 1) {
    const start = { line: stmt.startPosition.row, character: 0 };
    const next = stmt.endPosition.row + 1;
    const end = next < file.lines.lineCount ? { line: next, character: 0 } : nodeRange(stmt).end;
    return [{ range: { start, end }, newText: '' }];
  }
  return removeListItems(names, [entry]);
}

/** The arguments of a call (comments excluded). */
export function argumentNodes(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

/** The `name=value` argument node of a call. */
export function keywordNode(call: Node, name: string): Node | undefined {
  return argumentNodes(call).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
}
