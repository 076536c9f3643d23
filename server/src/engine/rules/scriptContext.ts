// What a TS/JS file rule sees: the compiler's syntax tree of the file and the project's facts.
import type ts from 'typescript';
import { forEachNode } from '../parse/tsast';
import type { Finding, RuleMeta } from '../types';
import type { LineIndex } from '../text';
import type { ProjectFacts } from '../workspace/facts';

export interface ScriptFile {
  /** Absolute path. */
  file: string;
  text: string;
  lines: LineIndex;
  source: ts.SourceFile;
  /** TypeScript (`.ts`, `.tsx`, `.mts`, `.cts`) rather than JavaScript. */
  isTypeScript: boolean;
  /**
   * Every node of a kind, in document order, from one walk of the tree shared by all rules (a walk per
   * rule was most of their time on large files).
   */
  nodes<T extends ts.Node = ts.Node>(kind: ts.SyntaxKind): readonly T[];
}

/**
 * The node kinds rules have asked for so far (process-wide): the walk keeps only those, so a keystroke does
 * not file every node of a large file into lists (allocation there is what lengthens the slowest keystrokes).
 */
const wantedKinds = new Set<ts.SyntaxKind>();

export function makeScriptFile(file: string, text: string, lines: LineIndex, source: ts.SourceFile, isTypeScript: boolean): ScriptFile {
  let byKind: Map<ts.SyntaxKind, ts.Node[]> | undefined;
  const index = () => {
    if (byKind) return byKind;
    const map = new Map<ts.SyntaxKind, ts.Node[]>([...wantedKinds].map((k) => [k, []]));
    forEachNode(source, (node) => { map.get(node.kind)?.push(node); });
    return (byKind = map);
  };
  return {
    file, text, lines, source, isTypeScript,
    nodes: <T extends ts.Node>(kind: ts.SyntaxKind) => {
      if (!wantedKinds.has(kind)) { wantedKinds.add(kind); byKind = undefined; } // a new kind: walk again, once
      return (index().get(kind) ?? []) as unknown as readonly T[];
    },
  };
}

/**
 * Nodes of several kinds from the shared walk, merged back into document order (parents before their
 * children), so a rule that handled them in one walk of its own sees them in the same order.
 */
export function nodesInOrder(file: ScriptFile, kinds: readonly ts.SyntaxKind[]): ts.Node[] {
  if (kinds.length === 1) return [...file.nodes(kinds[0])];
  return kinds.flatMap((k) => file.nodes(k)).sort((a, b) => a.pos - b.pos || b.end - a.end);
}

export interface ScriptRule {
  meta: RuleMeta;
  check(file: ScriptFile, facts: ProjectFacts): Finding[];
}
