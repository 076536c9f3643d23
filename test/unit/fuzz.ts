// Shared by the property-based robustness suites: random edits of real files and the "inside the
// document" check for ranges.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, Range } from '../../server/src/engine/types';

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

function inside(range: Range, lines: LineIndex): boolean {
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length;
  return ok(range.start) && ok(range.end) && (range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character));
}

/** Every finding's range, and every edit its fixes make to the file itself, lie inside the text. */
export function assertInsideDocument(findings: Finding[], file: string, text: string): void {
  const lines = new LineIndex(text);
  for (const f of findings) {
    assert.ok(inside(f.range, lines), `${f.rule} range outside the document: ${JSON.stringify(f.range)}`);
    for (const fix of f.fixes) for (const fe of fix.edits) {
      if (fe.file === file && !fe.create) for (const e of fe.edits) assert.ok(inside(e.range, lines), `${f.rule} fix edit outside the document`);
    }
  }
}

/**
 * Random edits (deletions and insertions of the given tokens) of the sources, each analysed under a file
 * name the engine has seen before (its previous tree is re-used: incremental re-parse) and under a new
 * name (a fresh parse): the findings must be the same, file names aside.
 */
export function assertIncrementalMatchesFresh(sources: string[], ext: string, tokens: string[],
  analyze: (file: string, text: string) => Finding[]): void {
  const shape = (fs: Finding[], name: string) => JSON.stringify(fs).split(JSON.stringify(name)).join('"FILE"');
  const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), ins: fc.constantFrom(...tokens) });
  let seq = 0;
  fc.assert(fc.property(fc.nat({ max: sources.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (i, edits) => {
    const file = `/p/incremental-${seq++ % 3}${ext}`; // a few names: trees of earlier runs are reused too
    let text = sources[i];
    analyze(file, text);
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
      const freshName = `/p/fresh-${seq}-${Math.random()}${ext}`;
      assert.equal(shape(analyze(file, text), file), shape(analyze(freshName, text), freshName));
    }
  }), { numRuns: 60, seed: 42 });
}
