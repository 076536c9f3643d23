// Child-process side of the cold-scan comparison: one fresh Node process per run, started by coldScan.ts.
//
//   node peerRunner.js ruff  <ruff package folder> <file list>   Ruff's WASM build, the rule set
//   node peerRunner.js parse <folder with the parser wasm> <file list>   tree-sitter parse only (our floor)
//
// The file list has one absolute path a line. Prints one JSON line: files, lines, findings (per code).
// Never import this file: it runs main() when it is the entry point.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadPythonParser, parsePython } from '../../server/src/engine/parse/python';
import { RUFF_RULES } from './peers';

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length && !text.endsWith('\n') ? n + 1 : n;
}

async function main(): Promise<void> {
  const [mode, dir, list] = process.argv.slice(2);
  const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
  let lines = 0;
  const byCode: Record<string, number> = {};
  if (mode === 'ruff') {
    type Ruff = { Workspace: new (o: unknown, enc: number) => { check(t: string): { code: string | null }[] }; PositionEncoding: Record<string, number> };
    const ruff = createRequire(path.join(dir, 'package.json'))('@astral-sh/ruff-wasm-nodejs') as Ruff;
    const ws = new ruff.Workspace({ 'target-version': 'py39', lint: { select: RUFF_RULES } }, ruff.PositionEncoding.Utf16 ?? 1);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      lines += countLines(text);
      for (const d of ws.check(text)) { const c = d.code ?? 'syntax-error'; byCode[c] = (byCode[c] ?? 0) + 1; }
    }
  } else if (mode === 'parse') {
    await loadPythonParser(dir);
    let errors = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      lines += countLines(text);
      const tree = parsePython(text);
      if (tree.rootNode.hasError) errors++;
      tree.delete();
    }
    byCode['files-with-syntax-errors'] = errors;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(`${JSON.stringify({ files: files.length, lines, findings: Object.values(byCode).reduce((a, b) => a + b, 0), byCode })}\n`);
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(2); });
