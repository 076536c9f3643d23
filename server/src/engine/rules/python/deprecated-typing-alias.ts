// deprecated-typing-alias: `typing.List/Dict/Set/FrozenSet/Tuple/Type` where the builtin generic works
// (Python ≥ 3.9, PEP 585). Semantics after Ruff UP006; the fix also drops the import left unused.
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange } from '../../parse/pyast';
import { nameOccurrences, namesUses, reboundAtModuleLevel, shadowedLocally, type BindingCache, type NameUses, removeImportedNames } from '../../parse/pyedit';
import { atLeast, type ProjectFacts } from '../../workspace/facts';
import { silencedAt } from './silenced';

const meta: RuleMeta = {
  id: 'deprecated-typing-alias',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'hint',
  languages: ['python'],
  summary: '`typing.List`, `Dict`, `Set`, `FrozenSet`, `Tuple`, `Type` are deprecated aliases of the builtin generics (Python 3.9+).',
  fixSafety: 'safe',
  foreignCodes: ['UP006'],
};

const BUILTIN_OF: Record<string, string> = {
  'typing.List': 'list', 'typing.Dict': 'dict', 'typing.Set': 'set',
  'typing.FrozenSet': 'frozenset', 'typing.Tuple': 'tuple', 'typing.Type': 'type',
};

function check(file: PythonFile, facts: ProjectFacts) {
  if (!atLeast(facts.pythonTarget, 3, 9)) return [];
  const uses = aliasUses(file);
  // Silenced places (`# noqa: UP006`) stay as written, also when another finding's fix runs; they
  // are still reported, so that the engine knows the comment did something.
  const silenced = silencedAt(file, meta);
  // Reads of the imported names, all in one pass, to know which imports the fixes leave unused.
  const reads = namesUses(file.root, [...uses.keys()].map((alias) => alias.slice('typing.'.length)), file.nodes);
  const findings = [];
  for (const [alias, nodes] of uses) {
    const builtin = BUILTIN_OF[alias];
    const open = nodes.filter((n) => !silenced(n));
    const fix = open.length ? fixFor(file, alias, builtin, open, reads.get(alias.slice('typing.'.length))) : undefined;
    for (const node of nodes) {
      findings.push(makeFinding(meta, file.file, node,
        `\`${node.text}\` is a deprecated alias since Python 3.9; use \`${builtin}\`.`,
        fix && open.includes(node) ? [fix] : [], { tags: ['deprecated'] }));
    }
  }
  return findings;
}

/** Uses (outside import statements) grouped by the alias they resolve to. */
function aliasUses(file: PythonFile): Map<string, Node[]> {
  const uses = new Map<string, Node[]>();
  // Nothing to find unless `typing` or one of its aliases is imported: skip the walk over every identifier.
  if (![...file.imports.names.values()].some((full) => full === 'typing' || BUILTIN_OF[full])) return uses;
  const scopes: BindingCache = new Map();
  const rebound = new Map<string, boolean>();
  const reboundName = (name: string) => {
    if (!rebound.has(name)) rebound.set(name, reboundAtModuleLevel(file.root, name));
    return rebound.get(name)!;
  };
  const add = (alias: string, node: Node) => {
    if (!uses.has(alias)) uses.set(alias, []);
    uses.get(alias)!.push(node);
  };
  // Cheap text tests first: most identifiers of a file are not aliases.
  const aliasNames = new Set([...file.imports.names].filter(([, full]) => BUILTIN_OF[full]).map(([local]) => local));
  // Identifiers are most of a file's nodes and are not in the node index: find the alias names in the text
  // and take the node at each place, instead of bringing every identifier over from WASM.
  const named = [...nameOccurrences(file.root, aliasNames)].filter((o) => o.exact && o.node.type === 'identifier').map((o) => o.node);
  const candidates = [...named, ...file.nodes('attribute')].sort((a, b) => a.startIndex - b.startIndex);
  for (const node of candidates) {
    if (!node) continue;
    if (node.type === 'identifier') {
      if (!aliasNames.has(node.text) || node.parent?.type === 'attribute' || insideImport(node)) continue; // attributes: below
      const full = file.imports.names.get(node.text)!;
      if (isReference(node) && !reboundName(node.text) && !shadowedLocally(node, node.text, scopes)) add(full, node);
    } else {
      const attr = node.childForFieldName('attribute')?.text;
      if (!attr || !BUILTIN_OF[`typing.${attr}`]) continue;
      const object = node.childForFieldName('object');
      if (object?.type === 'identifier' && file.imports.names.get(object.text) === 'typing' && !insideImport(node)) {
        add(`typing.${attr}`, node);
      }
    }
  }
  return uses;
}

function insideImport(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'import_from_statement' || n.type === 'import_statement') return true;
    if (n.type === 'block' || n.type === 'module') return false;
  }
  return false;
}

/** A name that is read, not bound: skip `List = …`, parameters, keyword names, definitions. */
function isReference(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) return false;
  if ((parent.type === 'function_definition' || parent.type === 'class_definition') && parent.childForFieldName('name')?.id === node.id) return false;
  if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) return false;
  return true;
}

/** One fix per alias: replace every use in the file and remove the name from `from typing import …`. */
function fixFor(file: PythonFile, alias: string, builtin: string, nodes: Node[], uses: NameUses | undefined): Fix {
  const edits: TextEdit[] = nodes.map((n) => ({ range: nodeRange(n), newText: builtin }));
  const shortName = alias.slice('typing.'.length);
  const fromTyping = file.imports.fromStatements.get('typing');
  // The import goes only when nothing else needs it (a string annotation `"List[int]"` still does).
  const replaced = new Set(nodes.map((n) => n.id));
  if (fromTyping && file.imports.names.get(shortName) === alias
    && uses && !uses.inStrings && uses.identifiers.every((id) => replaced.has(id.id))) edits.push(...removeImportedName(file, fromTyping, shortName));
  const count = nodes.length;
  return {
    title: `Use \`${builtin}\` instead of \`${shortName}\`${count > 1 ? ` (${count} places)` : ''}`,
    safety: 'safe', preferred: true, edits: [{ file: file.file, edits }],
  };
}

function removeImportedName(file: PythonFile, stmt: Node, name: string): TextEdit[] {
  const entry = stmt.childrenForFieldName('name').find((n) => n?.type !== 'aliased_import' && n?.text === name);
  return entry ? removeImportedNames(file.lines, stmt, [entry]) : [];
}

export const deprecatedTypingAlias: PythonRule = { meta, check };
