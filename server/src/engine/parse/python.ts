// Python parsing with tree-sitter (WASM). Load once (async), then parse synchronously.
// Trees live in WASM memory: whoever keeps a tree must call tree.delete() when done with it.
import path from 'node:path';
import { Edit, Parser, Language, type Tree, type Node } from 'web-tree-sitter';
import { findWasmDir } from './wasmFiles';
import { changedSpan } from '../text';

export type { Tree, Node };

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

export function loadPythonParser(wasmDir?: string): Promise<void> {
  loading ??= (async () => {
    const dir = findWasmDir(wasmDir);
    await Parser.init({ locateFile: (name: string) => path.join(dir, name) });
    const language = await Language.load(path.join(dir, 'tree-sitter-python.wasm'));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

export function isPythonParserLoaded(): boolean { return parser !== undefined; }

/** Parses Python text; pass the previous tree (already `edit`ed) for an incremental re-parse. */
export function parsePython(text: string, previous?: Tree): Tree {
  if (!parser) throw new Error('Python parser not loaded: await loadPythonParser() first');
  // A lone \r ends a line for LSP, VS Code and Python, but tree-sitter counts rows on \n only. The
  // replacement keeps every offset, so positions agree with LineIndex.
  const tree = parser.parse(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text, previous ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** The last trees of the most recently parsed files, owned here (deleted when evicted): a keystroke re-parses only what changed. */
const recent = new Map<string, { text: string; tree: Tree }>();
const RECENT_MAX = 8;

/**
 * Like parsePython, but edits and reuses the file's previous tree (tree-sitter's incremental parsing): the
 * edit is the span between the common prefix and suffix of the two texts. The returned tree belongs to
 * this cache: callers must not delete it, and must not keep it past their next call for the same file.
 */
export function parsePythonIncrementally(file: string, text: string): Tree {
  const previous = recent.get(file);
  recent.delete(file);
  let tree: Tree;
  if (previous && previous.text === text) tree = previous.tree;
  else if (previous) {
    const old = previous.text;
    const { start, oldEnd, newEnd } = changedSpan(old, text);
    previous.tree.edit(new Edit({
      startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd,
      startPosition: pointAt(old, start), oldEndPosition: pointAt(old, oldEnd), newEndPosition: pointAt(text, newEnd),
    }));
    tree = parsePython(text, previous.tree);
    previous.tree.delete();
  } else tree = parsePython(text);
  recent.set(file, { text, tree });
  if (recent.size > RECENT_MAX) {
    const [oldest, entry] = recent.entries().next().value!;
    recent.delete(oldest);
    entry.tree.delete();
  }
  return tree;
}

/** Row and column (UTF-16 units, as tree-sitter reports them here) of an offset; a lone \r ends a row too. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0, lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) { row++; lineStart = i + 1; }
  }
  return { row, column: offset - lineStart };
}
