// Finds the parser runtime and grammar .wasm files. The bundles ship them next to themselves (dist/);
// tests and tools bundled elsewhere find them in the package's dist/ folder by walking up.
import fs from 'node:fs';
import path from 'node:path';

export function findWasmDir(preferred?: string): string {
  const wanted = 'tree-sitter-python.wasm';
  if (preferred && fs.existsSync(path.join(preferred, wanted))) return preferred;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    for (const candidate of [dir, path.join(dir, 'dist')]) {
      if (fs.existsSync(path.join(candidate, wanted))) return candidate;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`${wanted} not found next to ${__dirname}; run the build first (npm run build)`);
}
