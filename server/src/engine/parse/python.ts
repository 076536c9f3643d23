// Python parsing with tree-sitter (WASM). Load once (async), then parse synchronously.
// Trees live in WASM memory: whoever keeps a tree must call tree.delete() when done with it.
import path from 'node:path';
import { Parser, Language, type Tree, type Node } from 'web-tree-sitter';
import { findWasmDir } from './wasmFiles';

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
