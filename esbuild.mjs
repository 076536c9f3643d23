// Bundles the client (extension host), the language server, the CLI and the test entry points.
// --production: minified, no sourcemaps (what goes into the VSIX); default: sourcemaps for debugging.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const common = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
  minify: production, sourcemap: !production, sourcesContent: false,
  // web-tree-sitter's ESM build calls createRequire(import.meta.url): give the CJS bundle a real one.
  define: { 'import.meta.url': '__importMetaUrl', PACKAGE_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "var __importMetaUrl = require('url').pathToFileURL(__filename).href, __builtin_module = require('module'), __builtin_fs_promises = require('fs/promises');" },
  plugins: [builtinImports()],
};

/**
 * web-tree-sitter loads two Node built-ins with `await import(…)`. The server and CLI bundles run from V8's
 * code cache (server/src/boot/codeCache.ts), where a dynamic import has no module loader to go to: the
 * banner requires them instead. Checked after the build: no dynamic import may be left in those bundles.
 */
function builtinImports() {
  return {
    name: 'builtin-imports',
    setup(build) {
      build.onLoad({ filter: /web-tree-sitter[\\/]web-tree-sitter\.js$/ }, async (args) => ({
        loader: 'js',
        contents: (await fs.promises.readFile(args.path, 'utf8'))
          .replace(/await import\("(module|fs\/promises)"\)/g, (_, name) => `__builtin_${name.replace('/', '_')}`),
      }));
    },
  };
}

// TESTS_ONLY=1: rebuild only the test bundles (parallel work must not rewrite dist/ under running tests).
const testsOnly = !!process.env.TESTS_ONLY;
// dist/ is overwritten in place, not wiped: tests running meanwhile keep finding the parser wasm.
fs.mkdirSync('dist', { recursive: true });
if (!testsOnly) {
// The parser runtime and the Python grammar are loaded from next to the bundles at run time.
fs.copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
fs.copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
// The type-aware TS/JS pass needs TypeScript's lib.*.d.ts files next to the bundles.
const tsLib = path.dirname(require.resolve('typescript/lib/lib.d.ts'));
fs.mkdirSync('dist/ts-lib', { recursive: true });
for (const f of fs.readdirSync(tsLib)) if (/^lib\..*\.d\.ts$/.test(f)) fs.copyFileSync(path.join(tsLib, f), path.join('dist/ts-lib', f));

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // server.js and cli.js are small boot files that load the large bundles through V8's code cache
  esbuild.build({ ...common, entryPoints: ['server/src/boot/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server-core.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/boot/cli.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-core.js' }),
]);
fs.chmodSync('dist/cli.js', 0o755);
for (const bundle of ['dist/server-core.js', 'dist/cli-core.js']) {
  if (/\bawait import\(/.test(fs.readFileSync(bundle, 'utf8'))) throw new Error(`${bundle} has a dynamic import(), which fails when it runs from the code cache (see builtinImports in esbuild.mjs)`);
}
}

// Tests are never part of the VSIX: bundle them into out/ (each file stands alone).
if (!production || process.argv.includes('--tests')) {
  const testEntries = [];
  for (const dir of ['test/unit', 'test/lsp', 'test/e2e/suite', 'test/bench']) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) if (/\.ts$/.test(f) && !f.endsWith('.d.ts')) testEntries.push(path.join(dir, f));
  }
  if (fs.existsSync('test/e2e/electron.ts')) testEntries.push('test/e2e/electron.ts');
  await esbuild.build({
    // TEST_OUTDIR lets parallel work build its test bundles without overwriting each other's.
    ...common, minify: false, sourcemap: true, entryPoints: testEntries, outdir: process.env.TEST_OUTDIR || 'out', outbase: '.',
    external: ['vscode', 'mocha'],
  });
}
