// Whether a finding at a node would be silenced by a suppression comment (`# noqa: UP045`,
// `# readiness: ignore[rule]`). Fixes that rewrite many places of a file at once use it to leave the
// silenced places alone, as a per-finding fix would.
import type { Node } from 'web-tree-sitter';
import type { RuleMeta } from '../../types';
import { makeFinding, type PythonFile } from '../context';
import { isSuppressed, readSuppressions } from '../../suppress';

export function silencedAt(file: PythonFile, meta: RuleMeta): (node: Node) => boolean {
  let suppressions: ReturnType<typeof readSuppressions> | undefined;
  return (node) => {
    suppressions ??= readSuppressions(file.lines);
    return suppressions.size > 0 && isSuppressed(makeFinding(meta, file.file, node, ''), suppressions);
  };
}
