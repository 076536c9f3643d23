// sqlalchemy-declarative-import: `from sqlalchemy.ext.declarative import declarative_base` (and
// `as_declarative`, `has_inherited_table`, `synonym_for`) moved to `sqlalchemy.orm` in 1.4; under 2.0 the
// old names emit MovedIn20Warning. Fires only when the project's SQLAlchemy is known to be ≥ 2.0. The
// fix imports the names from `sqlalchemy.orm` (the same functions); extension-only names
// (`ConcreteBase`, `AbstractConcreteBase`, `DeferredReflection`) stay where they are.
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { importedNames, moveImportedNames, originalName } from '../../parse/pyedit';
import { dependencyAtLeast, type ProjectFacts } from '../../workspace/facts';

const meta: RuleMeta = {
  id: 'sqlalchemy-declarative-import',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: '`sqlalchemy.ext.declarative.declarative_base` and friends moved to `sqlalchemy.orm`; the old import warns under SQLAlchemy 2.0.',
  fixSafety: 'safe',
};

/** Deprecated in `sqlalchemy.ext.declarative` (MovedIn20Warning). */
const MOVED = new Set(['declarative_base', 'as_declarative', 'has_inherited_table', 'synonym_for']);
/** Also importable from `sqlalchemy.orm`, so they move along (not deprecated on their own). */
const ALSO_IN_ORM = new Set(['declared_attr', 'DeclarativeMeta']);

function check(file: PythonFile, facts: ProjectFacts) {
  if (dependencyAtLeast(facts, 'sqlalchemy', '2.0') !== true) return [];
  const findings = [];
  for (const stmt of file.nodes('import_from_statement')) {
    if (!stmt || stmt.childForFieldName('module_name')?.text !== 'sqlalchemy.ext.declarative') continue;
    const entries = importedNames(stmt);
    const deprecated = entries.filter((e) => MOVED.has(originalName(e)));
    if (deprecated.length === 0) continue;
    const moving = entries.filter((e) => MOVED.has(originalName(e)) || ALSO_IN_ORM.has(originalName(e)));
    const edits = moveImportedNames(file.lines, stmt, moving, 'sqlalchemy.orm');
    const fixes: Fix[] = edits ? [{
      title: `Import \`${moving.map(originalName).join('`, `')}\` from \`sqlalchemy.orm\``,
      safety: 'safe', preferred: true, edits: [{ file: file.file, edits }],
    }] : [];
    for (const entry of deprecated) findings.push(finding(file, entry, fixes));
  }
  return findings;
}

function finding(file: PythonFile, entry: Node, fixes: Fix[]) {
  const name = originalName(entry);
  const extra = name === 'declarative_base' ? ' (or subclass `sqlalchemy.orm.DeclarativeBase`, the 2.0 style)' : '';
  return makeFinding(meta, file.file, entry,
    `\`sqlalchemy.ext.declarative.${name}\` moved to \`sqlalchemy.orm.${name}\` and warns under SQLAlchemy 2.0; import it from \`sqlalchemy.orm\`${extra}.`,
    fixes, { tags: ['deprecated'] });
}

export const sqlalchemyDeclarativeImport: PythonRule = { meta, check };
