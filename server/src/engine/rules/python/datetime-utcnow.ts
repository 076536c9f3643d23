// datetime-utcnow: `datetime.utcnow()` / `utcfromtimestamp()` (deprecated since 3.12, naive results).
// Fix: `datetime.now(UTC)` / `fromtimestamp(ts, UTC)`, with `timezone.utc` below Python 3.11.
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange, positionalArguments } from '../../parse/pyast';
import { ensureImport, qualify } from '../../parse/pyimports';
import { atLeast, type ProjectFacts } from '../../workspace/facts';

const meta: RuleMeta = {
  id: 'datetime-utcnow',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: '`datetime.utcnow()` and `utcfromtimestamp()` are deprecated and return naive datetimes that are easy to misuse.',
  fixSafety: 'unsafe',
  foreignCodes: ['DTZ003', 'DTZ004'],
};

const REPLACEMENT: Record<string, string> = { utcnow: 'now', utcfromtimestamp: 'fromtimestamp' };

function check(file: PythonFile, facts: ProjectFacts) {
  const findings = [];
  for (const call of file.nodes('call')) {
    if (!call) continue;
    const fn = call.childForFieldName('function');
    const name = qualify(fn, file.imports);
    const method = name?.match(/^datetime\.datetime\.(utcnow|utcfromtimestamp)$/)?.[1];
    if (!method || fn?.type !== 'attribute') continue;
    const receiver = fn.childForFieldName('object')!.text;
    const useUtc = atLeast(facts.pythonTarget, 3, 11);
    const replacement = `${receiver}.${REPLACEMENT[method]}(${method === 'utcnow' ? '' : 'ts, '}${useUtc ? 'UTC' : 'timezone.utc'})`;
    findings.push(makeFinding(meta, file.file, call,
      `\`${receiver}.${method}()\` is deprecated since Python 3.12 and returns a naive datetime; use \`${replacement}\` (timezone-aware).`,
      fixFor(file, call, fn, method, useUtc), { tags: ['deprecated'] }));
  }
  return findings;
}

function fixFor(file: PythonFile, call: Node, fn: Node, method: string, useUtc: boolean): Fix[] {
  const args = positionalArguments(call);
  const argList = call.childForFieldName('arguments')!;
  const expected = method === 'utcnow' ? 0 : 1;
  if (args.length !== expected || argList.namedChildren.length !== expected) return [];
  const tz = useUtc ? ensureImport(file.imports, file.lines, 'datetime', 'UTC')
    : ensureImport(file.imports, file.lines, 'datetime', 'timezone');
  const tzRef = useUtc ? tz.ref : `${tz.ref}.utc`;
  const attr = fn.childForFieldName('attribute')!;
  const newArgs = method === 'utcnow' ? `(${tzRef})` : `(${args[0].text}, ${tzRef})`;
  return [{
    title: `Replace with \`${REPLACEMENT[method]}(${method === 'utcnow' ? '' : '…, '}${tzRef})\` (the result becomes timezone-aware)`,
    safety: 'unsafe', preferred: true,
    edits: [{ file: file.file, edits: [
      ...tz.edits,
      { range: nodeRange(attr), newText: REPLACEMENT[method] },
      { range: nodeRange(argList), newText: newArgs },
    ] }],
  }];
}

export const datetimeUtcnow: PythonRule = { meta, check };
