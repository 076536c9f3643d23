// TypeScript and JavaScript parsing with the TypeScript compiler (syntax only: no program, no types).
// One parser for .ts/.tsx/.js/.jsx/.mjs/.cjs/.mts/.cts; the script kind follows the extension so JSX and
// decorators parse the way the project's own compiler would.
import ts from 'typescript';
import { changedSpan } from '../text';

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

/** The last trees of the most recently parsed files: a keystroke re-parses only what changed. */
const recent = new Map<string, ts.SourceFile>();
const RECENT_MAX = 8;

/**
 * Like parseScript, but reuses the previous tree of the same file (the compiler's incremental parser,
 * as its language service does): the edit is the span between the common prefix and suffix of the texts.
 */
export function parseScriptIncrementally(file: string, text: string): ts.SourceFile {
  const previous = recent.get(file);
  recent.delete(file);
  let source: ts.SourceFile;
  if (previous && previous.text === text) source = previous;
  else if (previous) {
    const old = previous.text;
    const { start, oldEnd, newEnd } = changedSpan(old, text);
    try {
      source = ts.updateSourceFile(previous, text, { span: { start, length: oldEnd - start }, newLength: newEnd - start });
    } catch {
      source = parseScript(file, text); // the incremental parser's recursive walk of the old tree overflowed
    }
  } else source = parseScript(file, text);
  recent.set(file, source);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  return source;
}

/**
 * The parser's syntax errors. `parseDiagnostics` is internal API, but it is what the compiler itself and
 * typescript-eslint read; the public alternative needs a whole Program.
 */
export function scriptSyntaxErrors(source: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (source as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}
