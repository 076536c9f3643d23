// deprecated-typing-import: `from typing import Sequence, Mapping, …` where the name is a deprecated
// alias of the same name in `collections.abc` (or `collections`, `re`) since Python 3.9 (`Callable`:
// 3.10, after Ruff UP035, since `collections.abc.Callable[...]` misbehaved before 3.9.2). The fix moves
// the names to an import from the new module (an earlier one when the file has it), keeping aliases.
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { importedNames, moveImportedNames, originalName } from '../../parse/pyedit';
import { atLeast, type ProjectFacts, type PythonVersion } from '../../workspace/facts';

const meta: RuleMeta = {
  id: 'deprecated-typing-import',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'hint',
  languages: ['python'],
  summary: '`typing.Sequence`, `Mapping`, `Iterable`, `Callable`… are deprecated aliases of `collections.abc` (Python 3.9+).',
  fixSafety: 'safe',
  foreignCodes: ['UP035'],
};

/** Where the name lives now, and the oldest Python target from which the move is offered. */
interface Move { target: string; since: PythonVersion }

const ABC_39 = ['AsyncGenerator', 'AsyncIterable', 'AsyncIterator', 'Awaitable', 'Collection', 'Container', 'Coroutine',
  'Generator', 'Hashable', 'ItemsView', 'Iterable', 'Iterator', 'KeysView', 'Mapping', 'MappingView', 'MutableMapping',
  'MutableSequence', 'MutableSet', 'Reversible', 'Sequence', 'Sized', 'ValuesView'];

/** typing name → where it lives now (same name). `ByteString` is left out: it is deprecated there too. */
export const TYPING_MOVES: Record<string, Move> = {
  ...Object.fromEntries(ABC_39.map((n) => [n, { target: 'collections.abc', since: [3, 9] as PythonVersion }])),
  Callable: { target: 'collections.abc', since: [3, 10] },
  ChainMap: { target: 'collections', since: [3, 9] },
  Counter: { target: 'collections', since: [3, 9] },
  OrderedDict: { target: 'collections', since: [3, 9] },
  Match: { target: 're', since: [3, 9] },
  Pattern: { target: 're', since: [3, 9] },
};

function check(file: PythonFile, facts: ProjectFacts) {
  if (!atLeast(facts.pythonTarget, 3, 9)) return [];
  const findings = [];
  for (const stmt of file.nodes('import_from_statement')) {
    if (!stmt || stmt.childForFieldName('module_name')?.text !== 'typing') continue;
    const entries = importedNames(stmt);
    const groups = new Map<string, Node[]>();
    for (const entry of entries) {
      const move = TYPING_MOVES[originalName(entry)];
      if (move && atLeast(facts.pythonTarget, ...move.since)) groups.set(move.target, [...(groups.get(move.target) ?? []), entry]);
    }
    for (const [target, moved] of groups) {
      const fix = fixFor(file, stmt, target, moved);
      for (const entry of moved) {
        const name = originalName(entry);
        findings.push(makeFinding(meta, file.file, entry,
          `\`typing.${name}\` is a deprecated alias of \`${target}.${name}\` (since Python 3.9); import it from \`${target}\`.`,
          fix ? [fix] : [], { tags: ['deprecated'] }));
      }
    }
  }
  return findings;
}

function fixFor(file: PythonFile, stmt: Node, target: string, moved: Node[]): Fix | undefined {
  const edits = moveImportedNames(file.lines, stmt, moved, target);
  if (!edits) return undefined; // shares its line (`if x: from typing import …`): no room for a new statement
  return {
    title: `Import \`${moved.map(originalName).join('`, `')}\` from \`${target}\``,
    safety: 'safe', preferred: true, edits: [{ file: file.file, edits }],
  };
}

export const deprecatedTypingImport: PythonRule = { meta, check };
