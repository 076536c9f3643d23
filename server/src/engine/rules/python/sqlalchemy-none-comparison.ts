// sqlalchemy-none-comparison: `Model.col == None` / `!= None` in a query criterion. SQLAlchemy renders
// them as `IS NULL` / `IS NOT NULL`, but every Python linter flags them (E711) and the "fix" they
// suggest, `is None`, silently breaks the query. `.is_(None)` / `.is_not(None)` say the same thing
// explicitly and keep linters quiet. `is_not` exists since SQLAlchemy 1.4 (`isnot` before).
import type { Node } from 'web-tree-sitter';
import type { RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange } from '../../parse/pyast';
import { dependencyAtLeast, type ProjectFacts } from '../../workspace/facts';
import { criterionCall, isColumn, usesSqlAlchemy } from './sqlcriteria';

const meta: RuleMeta = {
  id: 'sqlalchemy-none-comparison',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'info',
  languages: ['python'],
  summary: '`Model.col == None` in a query works but reads as a mistake to linters and reviewers; use `.is_(None)` / `.is_not(None)`.',
  fixSafety: 'safe',
  foreignCodes: ['E711', 'singleton-comparison'],
};

function check(file: PythonFile, facts: ProjectFacts) {
  const findings = [];
  const sqlFile = usesSqlAlchemy(file);
  // `is_not` arrived in 1.4: certain when the project says so, a guess (unsafe fix) when it says nothing.
  const modern = dependencyAtLeast(facts, 'sqlalchemy', '1.4');
  for (const cmp of file.nodes('comparison_operator')) {
    if (!cmp) continue;
    const operands = cmp.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const operators = cmp.childrenForFieldName('operators').filter((o): o is Node => !!o);
    if (operands.length !== 2 || operators.length !== 1 || !['==', '!='].includes(operators[0].text)) continue;
    const column = operands.find((o) => isColumn(o));
    if (!column || !operands.some((o) => o.type === 'none') || !criterionCall(cmp, file, sqlFile)) continue;
    const equal = operators[0].text === '==';
    const method = equal ? 'is_' : modern === false ? 'isnot' : 'is_not';
    const replacement = `${column.text}.${method}(None)`;
    findings.push(makeFinding(meta, file.file, cmp,
      `\`${cmp.text}\` works in SQLAlchemy (it renders \`IS ${equal ? '' : 'NOT '}NULL\`) but looks like a bug to linters, and their \`is None\` fix would break the query; write \`${replacement}\`.`,
      [{
        title: `Use \`${replacement}\``,
        safety: equal || modern !== undefined ? 'safe' : 'unsafe', preferred: true,
        edits: [{ file: file.file, edits: [{ range: nodeRange(cmp), newText: replacement }] }],
      }]));
  }
  return findings;
}

export const sqlalchemyNoneComparison: PythonRule = { meta, check };
