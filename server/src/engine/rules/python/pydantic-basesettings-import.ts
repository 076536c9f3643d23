// pydantic-basesettings-import: `BaseSettings` imported from `pydantic` (or `pydantic.env_settings`) under
// Pydantic 2, where it moved to the pydantic-settings package: the import fails. Fix: import it from
// `pydantic_settings`. Imports inside `try` (compatibility shims) and `pydantic.v1` are left alone.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import type { ProjectFacts } from '../../workspace/facts';
import { countReferences, importName, removeListItems, usesPydantic2 } from '../pydanticFixes';

const meta: RuleMeta = {
  id: 'pydantic-basesettings-import',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'error',
  languages: ['python'],
  summary: '`BaseSettings` moved from `pydantic` to the pydantic-settings package in Pydantic 2: importing it from `pydantic` fails.',
  fixSafety: 'safe',
};

const OLD_MODULES = new Set(['pydantic', 'pydantic.env_settings']);

function check(file: PythonFile, facts: ProjectFacts): Finding[] {
  if (!usesPydantic2(facts)) return [];
  const installed = facts.dependencies.has('pydantic-settings');
  const findings: Finding[] = [];
  for (const stmt of file.nodes('import_from_statement')) {
    const module = stmt?.childForFieldName('module_name');
    if (!stmt || !module || !OLD_MODULES.has(module.text) || insideTry(stmt)) continue;
    const entries = stmt.childrenForFieldName('name').filter((n): n is Node => !!n);
    for (const entry of entries) {
      const name = entry.type === 'aliased_import' ? entry.childForFieldName('name') : entry;
      if (name?.text !== 'BaseSettings') continue;
      findings.push(makeFinding(meta, file.file, name, message(`from ${module.text} import BaseSettings`, installed),
        fixFor(file, importFix(file, stmt, module, entries, entry), installed), { tags: ['deprecated'] }));
    }
  }
  for (const attr of file.nodes('attribute')) {
    if (!attr || attr.childForFieldName('attribute')?.text !== 'BaseSettings') continue;
    const q = qualify(attr, file.imports);
    if (!q || !['pydantic.BaseSettings', 'pydantic.env_settings.BaseSettings'].includes(q) || insideTry(attr)) continue;
    findings.push(makeFinding(meta, file.file, attr, message(attr.text, installed),
      fixFor(file, attributeFix(file, attr), installed), { tags: ['deprecated'] }));
  }
  return findings;
}

function message(what: string, installed: boolean): string {
  return `\`${what}\` fails under Pydantic 2 (PydanticImportError): \`BaseSettings\` moved to the pydantic-settings package; import it from \`pydantic_settings\`${
    installed ? '' : ' and add `pydantic-settings` to the dependencies (the manifests do not list it)'}.`;
}

function fixFor(file: PythonFile, edits: TextEdit[], installed: boolean): Fix[] {
  if (!edits.length) return [];
  return [{
    title: `Import \`BaseSettings\` from \`pydantic_settings\`${installed ? '' : ' (add pydantic-settings to the dependencies)'}`,
    safety: installed ? 'safe' : 'unsafe', preferred: true, edits: [{ file: file.file, edits }],
  }];
}

/** `from pydantic import BaseSettings` → `from pydantic_settings import BaseSettings`, or move the one name out. */
function importFix(file: PythonFile, stmt: Node, module: Node, entries: Node[], entry: Node): TextEdit[] {
  if (stmt.text.includes('*')) return [];
  if (entries.length === 1) return [{ range: nodeRange(module), newText: 'pydantic_settings' }];
  const edits = removeListItems(entries, [entry]);
  const target = file.imports.fromStatements.get('pydantic_settings');
  const last = target?.childrenForFieldName('name').filter((n): n is Node => !!n).pop();
  if (target && last && !target.text.includes('*') && target.id !== stmt.id) {
    const at = nodeRange(last).end;
    return [...edits, { range: { start: at, end: at }, newText: `, ${entry.text}` }];
  }
  const row = stmt.endPosition.row + 1;
  const indent = file.lines.lineText(stmt.startPosition.row).slice(0, stmt.startPosition.column);
  if (!/^\s*$/.test(indent)) return [];
  const eol = file.lines.eol;
  const atEnd = row >= file.lines.lineCount;
  const at = atEnd ? nodeRange(stmt).end : { line: row, character: 0 };
  const line = `${indent}from pydantic_settings import ${entry.text}`;
  return [...edits, { range: { start: at, end: at }, newText: atEnd ? `${eol}${line}` : `${line}${eol}` }];
}

/**
 * `pydantic.BaseSettings` → `BaseSettings` imported from pydantic_settings; a plain `import pydantic`
 * whose only use this is becomes that import.
 */
function attributeFix(file: PythonFile, attr: Node): TextEdit[] {
  const bound = file.imports.names.get('BaseSettings');
  if (bound && bound !== 'pydantic_settings.BaseSettings') return [];
  const object = attr.childForFieldName('object');
  const stmt = file.root.namedChildren.find((s) => s?.type === 'import_statement'
    && s.childrenForFieldName('name').length === 1 && s.childrenForFieldName('name')[0]?.text === object?.text);
  if (!bound && object?.type === 'identifier' && stmt && countReferences(file.root, object.text) === 1) {
    return [{ range: nodeRange(stmt), newText: 'from pydantic_settings import BaseSettings' }, { range: nodeRange(attr), newText: 'BaseSettings' }];
  }
  const imp = importName(file, 'pydantic_settings', 'BaseSettings');
  return [...imp.edits, { range: nodeRange(attr), newText: imp.ref }];
}

function insideTry(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'try_statement') return true;
    if (n.type === 'function_definition' || n.type === 'class_definition') return false;
  }
  return false;
}

export const pydanticBasesettingsImport: PythonRule = { meta, check };
