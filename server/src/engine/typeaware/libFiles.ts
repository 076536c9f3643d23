// Where TypeScript's own lib.*.d.ts files are. The bundles ship them in dist/ts-lib (copied by the build);
// tests and unbundled tools use the compiler package's lib folder.
import fs from 'node:fs';
import path from 'node:path';

let found: string | undefined;

export function findTsLibDir(): string {
  if (found) return found;
  const wanted = 'lib.es2022.d.ts';
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'ts-lib'), path.join(dir, 'dist', 'ts-lib'), path.join(dir, 'node_modules', 'typescript', 'lib')]) {
      if (fs.existsSync(path.join(candidate, wanted))) return (found = candidate);
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`TypeScript's lib files not found near ${__dirname}; run the build first (npm run build)`);
}
