// TypeScript and JavaScript parsing with the TypeScript compiler (syntax only: no program, no types).
// One parser for .ts/.tsx/.js/.jsx/.mjs/.cjs/.mts/.cts; the script kind follows the extension so JSX and
// decorators parse the way the project's own compiler would.
import ts from 'typescript';

const KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS, '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS, '.mjs': ts.ScriptKind.JS, '.cjs': ts.ScriptKind.JS, '.jsx': ts.ScriptKind.JSX,
};

/** Sources we analyse: not declaration files, not minified bundles. */
export function isScriptFile(rel: string): boolean {
  return /\.(?:[cm]?[jt]s|[jt]sx)$/.test(rel) && !/\.d\.[cm]?ts$/.test(rel) && !/[.-]min\.[cm]?js$/.test(rel);
}

export function isTypeScriptFile(rel: string): boolean { return /\.(?:[cm]?ts|tsx)$/.test(rel); }

export function parseScript(file: string, text: string): ts.SourceFile {
  const ext = /\.[a-z]+$/.exec(file)?.[0] ?? '.ts';
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, KINDS[ext] ?? ts.ScriptKind.TS);
}

/**
 * The parser's syntax errors. `parseDiagnostics` is internal API, but it is what the compiler itself and
 * typescript-eslint read; the public alternative needs a whole Program.
 */
export function scriptSyntaxErrors(source: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (source as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}
