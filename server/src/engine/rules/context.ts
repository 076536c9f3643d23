// What a file rule sees: the parsed file, the project's facts, and a helper to build findings.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, Range, RuleMeta } from '../types';
import type { LineIndex } from '../text';
import type { ImportTable } from '../parse/pyimports';
import type { ProjectFacts } from '../workspace/facts';
import { nodeRange } from '../parse/pyast';

export interface PythonFile {
  /** Absolute path. */
  file: string;
  text: string;
  lines: LineIndex;
  root: Node;
  imports: ImportTable;
  /**
   * Every node of the given type(s) in the file, in document order. Memoised per file: each rule asking
   * for the calls again would cross into WASM and allocate the node objects again (most of the cost).
   */
  nodes(types: string | readonly string[]): Node[];
}

export function makePythonFile(file: string, text: string, lines: LineIndex, root: Node, imports: ImportTable): PythonFile {
  const cache = new Map<string, Node[]>();
  const ofType = (type: string): Node[] => {
    let found = cache.get(type);
    if (!found) {
      found = root.descendantsOfType(type).filter((n): n is Node => !!n);
      cache.set(type, found);
    }
    return found;
  };
  return {
    file, text, lines, root, imports,
    nodes(types) {
      if (typeof types === 'string') return ofType(types);
      if (types.length === 1) return ofType(types[0]);
      // Document order; a parent before a child that starts at the same offset (pre-order).
      return types.flatMap(ofType).sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
    },
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
