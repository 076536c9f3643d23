// The fail-fast read the TS/JS secret fixes write: `requiredEnv('NAME')`, backed by a small top-level helper
// added once per file (after the imports). Function declarations are hoisted, so callers above it work too.
import ts from 'typescript';
import type { Fix, TextEdit } from '../../types';
import { offsetRange } from '../../parse/tsast';
import { lastLeadingImport } from '../../parse/tsimports';
import type { ScriptFile } from '../scriptContext';
import { indentUnit, quoted } from './handlers';

const HELPER = 'requiredEnv';

export interface Replacement { start: number; end: number; newText: string }

/** `requiredEnv('NAME')` in the file's quote style. */
export function requiredEnvCall(file: ScriptFile, name: string): string {
  return `${HELPER}(${quoted(file.source, name)})`;
}

/** The fix: the replacements, plus the helper when the file has no top-level `requiredEnv` of its own. */
export function requiredEnvFix(file: ScriptFile, title: string, replacements: Replacement[]): Fix {
  const edits: TextEdit[] = replacements.map((r) => ({ range: offsetRange(file.source, r.start, r.end), newText: r.newText }));
  if (!hasTopLevelBinding(file.source, HELPER)) edits.push(helperEdit(file));
  return { title, safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits }] };
}

function helperText(file: ScriptFile, eol: string): string {
  const i = indentUnit(file.text);
  const typed = file.isTypeScript;
  return [
    '/** The value of a required environment variable; throws when it is missing or empty. */',
    `function ${HELPER}(name${typed ? ': string' : ''})${typed ? ': string' : ''} {`,
    `${i}const value = process.env[name];`,
    `${i}if (!value) throw new Error(\`Missing required environment variable \${name}\`);`,
    `${i}return value;`,
    '}',
  ].join(eol);
}

/** After the leading imports / `require`s / directives, or before the first statement. */
function helperEdit(file: ScriptFile): TextEdit {
  const { source } = file;
  const eol = file.lines.eol;
  const after = lastLeadingImport(source);
  if (after) {
    const at = after.getEnd();
    // keep a blank line between the helper and the code that follows
    const blankAfter = /^[ \t]*\r?\n[ \t]*(\r?\n|$)/.test(source.text.slice(at));
    return { range: offsetRange(source, at, at), newText: `${eol}${eol}${helperText(file, eol)}${blankAfter ? '' : eol}` };
  }
  const at = source.statements[0]?.getStart(source) ?? source.text.length;
  return { range: offsetRange(source, at, at), newText: `${helperText(file, eol)}${eol}${eol}` };
}

function hasTopLevelBinding(source: ts.SourceFile, name: string): boolean {
  return source.statements.some((stmt) => {
    if (ts.isFunctionDeclaration(stmt)) return stmt.name?.text === name;
    if (ts.isVariableStatement(stmt)) return stmt.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (ts.isImportDeclaration(stmt)) {
      const clause = stmt.importClause;
      const named = clause?.namedBindings;
      return clause?.name?.text === name || (!!named && ts.isNamedImports(named) && named.elements.some((e) => e.name.text === name));
    }
    return false;
  });
}
