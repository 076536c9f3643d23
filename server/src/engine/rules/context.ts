// What a file rule sees: the parsed file, the project's facts, and a helper to build findings.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, Range, RuleMeta } from '../types';
import type { LineIndex } from '../text';
import type { ImportTable } from '../parse/pyimports';
import type { ProjectFacts } from '../workspace/facts';
import { nodeRange } from '../parse/pyast';
import { nodeIndex } from '../parse/nodeIndex';

export interface PythonFile {
  /** Absolute path. */
  file: string;
  text: string;
  lines: LineIndex;
  root: Node;
  imports: ImportTable;
  /** Every node of the given type(s) in the file, in document order (pre-order). Memoised per file (see nodeIndex). */
  nodes(types: string | readonly string[]): Node[];
}

export function makePythonFile(file: string, text: string, lines: LineIndex, root: Node, imports: ImportTable): PythonFile {
  const index = nodeIndex(root);
  return {
    file, text, lines, root, imports,
    nodes: (types) => index.nodes(types),
  };
}

export interface PythonRule {
  meta: RuleMeta;
  check(file: PythonFile, facts: ProjectFacts): Finding[];
}

export function makeFinding(meta: RuleMeta, file: string, at: Node | Range, message: string,
  fixes: Fix[] = [], extra: Partial<Finding> = {}): Finding {
  return {
    rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file,
    range: 'startPosition' in at ? nodeRange(at) : at, message, fixes, ...extra,
  };
}
