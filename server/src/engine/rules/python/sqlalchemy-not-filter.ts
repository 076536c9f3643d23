// sqlalchemy-not-filter: `query.filter(not User.active)` — Python evaluates `not` before SQLAlchemy sees
// the expression: `not User.active` is the constant `False` (the query matches nothing), `not (User.a ==
// 1)` is a constant too, `not User.id.in_(ids)` raises TypeError. The SQL negation is `~expr`,
// `not_(expr)` or, for a column, `User.active.is_(False)` / `.is_(None)`. The fix changes behaviour
// (that is the point), so it is unsafe.
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange } from '../../parse/pyast';
import { criterionCall, isColumn, usesSqlAlchemy } from './sqlcriteria';

const meta: RuleMeta = {
  id: 'sqlalchemy-not-filter',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'error',
  languages: ['python'],
  summary: '`filter(not Model.col)` is evaluated by Python, not SQL: the criterion becomes a constant and the query silently returns no rows.',
  fixSafety: 'unsafe',
};

/** Expressions whose SQL negation `not` was meant to be: a column, a method call on one, a comparison with one. */
function sqlOperand(node: Node | null): Node | undefined {
  if (!node) return undefined;
  if (node.type === 'parenthesized_expression') return sqlOperand(node.namedChildren[0]) ? node : undefined;
  if (isColumn(node)) return node;
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    return fn?.type === 'attribute' && isColumn(fn.childForFieldName('object')) ? node : undefined;
  }
  if (node.type === 'comparison_operator') return node.namedChildren.some((c) => isColumn(c)) ? node : undefined;
  return undefined;
}

/** Column names that usually hold a nullable value rather than a boolean flag. */
const NULLABLE_NAME = /(_at|_on|_date|_time|_ts|_id|_by)$/;

function check(file: PythonFile) {
  const findings = [];
  const sqlFile = usesSqlAlchemy(file);
  for (const not of file.nodes('not_operator')) {
    if (!not) continue;
    const operand = sqlOperand(not.childForFieldName('argument'));
    if (!operand) continue;
    const call = criterionCall(not, file, sqlFile);
    if (!call) continue;
    const method = call.childForFieldName('function')!.childForFieldName('attribute')!.text;
    const text = operand.text;
    let fixes: Fix[];
    let why: string;
    if (isColumn(operand)) {
      const attr = operand.childForFieldName('attribute')!.text;
      const asFalse = fix(file, not, `${text}.is_(False)`, `Use \`${text}.is_(False)\` (the column is false)`);
      const asNull = fix(file, not, `${text}.is_(None)`, `Use \`${text}.is_(None)\` (the column is NULL)`);
      const nullable = NULLABLE_NAME.test(attr);
      fixes = nullable ? [{ ...asNull, preferred: true }, asFalse] : [{ ...asFalse, preferred: true }, asNull];
      const options = [`\`${text}.is_(False)\` for a boolean column`, `\`${text}.is_(None)\` for a NULL check`];
      // An ORM attribute is a plain truthy object; a Core column (`table.c.x`) refuses `bool()`.
      const core = /\.(c|columns)\.\w+$/.test(text);
      why = `${core ? 'raises TypeError when the query is built' : 'is always `False` in Python, so the query matches no rows'}; use ${(nullable ? options.reverse() : options).join(' or ')}`;
    } else {
      const negated = operand.type === 'call' || operand.type === 'parenthesized_expression' ? `~${text}` : `~(${text})`;
      fixes = [{ ...fix(file, not, negated, `Use \`${negated}\` (SQL NOT)`), preferred: true }];
      why = `becomes a Python constant (or raises TypeError), so the query does not filter as written; use \`${negated}\``;
    }
    findings.push(makeFinding(meta, file.file, not,
      `\`${not.text.replace(/\s+/g, ' ')}\` in \`.${method}()\` is computed by Python, not SQL: it ${why}.`, fixes));
  }
  return findings;
}

function fix(file: PythonFile, not: Node, newText: string, title: string): Fix {
  return { title, safety: 'unsafe', edits: [{ file: file.file, edits: [{ range: nodeRange(not), newText }] }] };
}

export const sqlalchemyNotFilter: PythonRule = { meta, check };
