// What a Python module imports (local name → qualified name) and how to add an import to it.
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../types';
import type { LineIndex } from '../text';
import { dottedName } from './pyast';

export interface ImportTable {
  /** local name → fully qualified name (`dt` → `datetime.datetime`, `os` → `os`). */
  names: Map<string, string>;
  /** top-level `from X import …` statements by module, for appending names. */
  fromStatements: Map<string, Node>;
  /** the last top-level import statement (new imports go after it). */
  lastImport?: Node;
  /** where to insert when there is no import: after a module docstring. */
  firstStatement?: Node;
}

export function readImports(root: Node): ImportTable {
  const table: ImportTable = { names: new Map(), fromStatements: new Map() };
  for (const stmt of root.namedChildren) {
    if (!stmt) continue;
    if (!table.firstStatement && stmt.type !== 'comment') table.firstStatement = stmt;
    if (stmt.type === 'import_statement') {
      table.lastImport = stmt;
      for (const n of stmt.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'aliased_import') {
          const full = dottedName(n.childForFieldName('name')?.firstNamedChild) ?? n.childForFieldName('name')?.text;
          const alias = n.childForFieldName('alias')?.text;
          if (full && alias) table.names.set(alias, full);
        } else {
          // `import os.path` binds `os`
          const full = n.text;
          table.names.set(full.split('.')[0], full.split('.')[0]);
        }
      }
    } else if (stmt.type === 'import_from_statement') {
      table.lastImport = stmt;
      const module = stmt.childForFieldName('module_name')?.text;
      if (!module) continue;
      if (!module.startsWith('.')) table.fromStatements.set(module, stmt);
      for (const n of stmt.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'aliased_import') {
          const name = n.childForFieldName('name')?.text;
          const alias = n.childForFieldName('alias')?.text;
          if (name && alias) table.names.set(alias, `${module}.${name}`);
        } else table.names.set(n.text, `${module}.${n.text}`);
      }
    } else if (stmt.type === 'future_import_statement') {
      table.lastImport = stmt;
    }
  }
  return table;
}

/** Fully qualified name of a dotted expression, resolving its first part through the imports. */
export function qualify(node: Node | null | undefined, imports: ImportTable): string | undefined {
  const dotted = dottedName(node);
  if (!dotted) return undefined;
  const [head, ...rest] = dotted.split('.');
  const full = imports.names.get(head);
  return full ? [full, ...rest].join('.') : undefined;
}

/**
 * How to refer to `module.name` in this file, and the edit that imports it if needed:
 * reuses `from module import name` or `import module`, extends an existing `from module import …`,
 * or adds a new `from module import name` line after the imports.
 */
export function ensureImport(imports: ImportTable, lines: LineIndex, module: string, name: string):
  { ref: string; edits: TextEdit[] } {
  for (const [local, full] of imports.names) {
    if (full === `${module}.${name}`) return { ref: local, edits: [] };
  }
  for (const [local, full] of imports.names) {
    if (full === module) return { ref: `${local}.${name}`, edits: [] };
  }
  const from = imports.fromStatements.get(module);
  if (from) {
    const names = from.childrenForFieldName('name').filter((n): n is Node => !!n);
    const last = names[names.length - 1];
    if (last && !from.text.includes('*')) {
      const at = { line: last.endPosition.row, character: last.endPosition.column };
      return { ref: name, edits: [{ range: { start: at, end: at }, newText: `, ${name}` }] };
    }
  }
  const eol = lines.eol;
  const after = imports.lastImport ?? docstring(imports.firstStatement);
  if (after) {
    const line = after.endPosition.row + 1;
    const at = { line, character: 0 };
    const needsBreak = line >= lines.lineCount;
    return { ref: name, edits: [{ range: { start: at, end: at }, newText: `${needsBreak ? eol : ''}from ${module} import ${name}${eol}` }] };
  }
  return { ref: name, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `from ${module} import ${name}${eol}` }] };
}

function docstring(first: Node | undefined): Node | undefined {
  return first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string' ? first : undefined;
}
