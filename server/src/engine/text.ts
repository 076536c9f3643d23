// Offsets ↔ positions for a document's text (UTF-16 code units, lines split on \n, \r\n or \r).
import type { Position, Range } from './types';

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) this.starts.push(i + 1);
    }
  }
  get lineCount(): number { return this.starts.length; }
  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, pos.line)];
    return Math.min(start + Math.max(0, pos.character), this.lineEnd(pos.line));
  }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  /** Offset of the end of the line's content (before its line break). */
  lineEnd(line: number): number {
    if (line + 1 < this.starts.length) {
      let end = this.starts[line + 1] - 1;
      if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
      return end;
    }
    return this.text.length;
  }
  lineText(line: number): string { return this.text.slice(this.starts[line] ?? this.text.length, this.lineEnd(line)); }
  /** The document's dominant line break, so inserted lines match the file. */
  get eol(): string { return /\r\n/.test(this.text.slice(0, 10_000)) ? '\r\n' : '\n'; }
}

export function range(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Applies non-overlapping edits to a text; throws on overlap (a fix must never produce a mangled file). */
export function applyTextEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const index = new LineIndex(text);
  const withOffsets = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of withOffsets) {
    if (e.start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/** The one span that changed between two texts: the part between their common prefix and common suffix. */
export function changedSpan(old: string, text: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  const max = Math.min(old.length, text.length);
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let oldEnd = old.length, newEnd = text.length;
  while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) { oldEnd--; newEnd--; }
  return { start, oldEnd, newEnd };
}
