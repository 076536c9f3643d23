// fastapi-regex-param: `Query(regex=...)` (and Path/Body/Form/File/Header/Cookie) is deprecated since
// FastAPI 0.100 (Pydantic v2) in favour of `pattern=`. Fires only when the project's FastAPI is known
// to be ≥ 0.100, where `pattern=` exists; the fix renames the keyword.
import type { RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, nodeRange } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import { dependencyAtLeast, type ProjectFacts } from '../../workspace/facts';

const meta: RuleMeta = {
  id: 'fastapi-regex-param',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: '`regex=` in FastAPI parameter declarations (`Query`, `Path`, `Body`, …) is deprecated since FastAPI 0.100; use `pattern=`.',
  fixSafety: 'safe',
};

const PARAM_FUNCTIONS = /^fastapi(?:\.params|\.param_functions)?\.(Path|Query|Header|Cookie|Body|Form|File)$/;

function check(file: PythonFile, facts: ProjectFacts) {
  if (dependencyAtLeast(facts, 'fastapi', '0.100') !== true) return [];
  const findings = [];
  for (const call of file.nodes('call')) {
    if (!call) continue;
    const fn = qualify(call.childForFieldName('function'), file.imports)?.match(PARAM_FUNCTIONS)?.[1];
    if (!fn) continue;
    const argument = call.childForFieldName('arguments')?.namedChildren.find((a) =>
      a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'regex');
    if (!argument) continue;
    // `Query(..., regex=regex)`: a wrapper forwarding its own `regex` parameter, not a use of it.
    if (argument.childForFieldName('value')?.text === 'regex') continue;
    const keyword = argument.childForFieldName('name')!;
    // With both, FastAPI takes `pattern or regex`: say so, but let a person pick.
    const both = keywordArgument(call, 'pattern') !== undefined;
    const message = both
      ? `\`${fn}(regex=…)\` is deprecated, and \`pattern=\` is given too (FastAPI uses \`pattern\` when it is set); remove \`regex=\`.`
      : `\`${fn}(regex=…)\` is deprecated since FastAPI 0.100; use \`pattern=\` (same regular expression).`;
    const fixes = both ? [] : [{
      title: 'Rename `regex=` to `pattern=`', safety: 'safe' as const, preferred: true,
      edits: [{ file: file.file, edits: [{ range: nodeRange(keyword), newText: 'pattern' }] }],
    }];
    findings.push(makeFinding(meta, file.file, argument, message, fixes, { tags: ['deprecated'] }));
  }
  return findings;
}

export const fastapiRegexParam: PythonRule = { meta, check };
