// Shared by the property-based robustness suites: random edits of real files and the "inside the
// document" check for ranges.
import fc from 'fast-check';
import type { LineIndex } from '../../server/src/engine/text';
import type { Range } from '../../server/src/engine/types';

export type Mutation = { kind: 'truncate'; at: number } | { kind: 'delete'; at: number; length: number } | { kind: 'insert'; at: number; text: string };

/** Truncations, deletions, random insertions, and insertions of the given language's troublesome tokens. */
export function mutations(tokens: string[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 12 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...tokens) }),
  );
}

export function mutate(text: string, ms: Mutation[]): string {
  let out = text;
  for (const m of ms) {
    const at = out.length ? m.at % (out.length + 1) : 0;
    if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else out = out.slice(0, at) + m.text + out.slice(at);
  }
  return out;
}

export function inside(range: Range, lines: LineIndex): boolean {
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length;
  return ok(range.start) && ok(range.end) && (range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character));
}
