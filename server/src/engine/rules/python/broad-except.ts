// broad-except: `except:`, `except Exception`, `except BaseException` whose handler neither re-raises nor
// logs the traceback. Semantics after Ruff BLE001/E722.
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { descendantsInScope, keywordArgument, nodeRange } from '../../parse/pyast';
import { ensureImport, qualify } from '../../parse/pyimports';
import { inferRaisedExceptions } from './narrowing';

const meta: RuleMeta = {
  id: 'broad-except',
  family: 'error-handling',
  category: 'Error handling',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'A broad `except` that neither re-raises nor logs the traceback hides bugs and outages.',
  fixSafety: 'unsafe',
  foreignCodes: ['BLE001', 'E722', 'W0718', 'W0702', 'broad-exception-caught', 'broad-except', 'bare-except'],
};

const BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

function check(file: PythonFile): ReturnType<PythonRule['check']> {
  const findings = [];
  for (const clause of file.root.descendantsOfType('except_clause')) {
    if (!clause) continue;
    const handler = clause.namedChildren.find((c) => c?.type === 'block');
    if (!handler) continue;
    const value = clause.childForFieldName('value');
    let typeExpr: Node | null = value;
    let bound: string | undefined;
    if (value?.type === 'as_pattern') {
      typeExpr = value.namedChildren[0];
      bound = value.childForFieldName('alias')?.text;
    }
    const broadType = typeExpr ? broadTypeIn(typeExpr, file) : undefined;
    if (typeExpr && !broadType) continue;
    if (reRaises(handler, bound) || logsTraceback(handler, file)) continue;
    const at = broadType ?? clause.child(0)!;
    const what = typeExpr ? `\`except ${broadType!.text}\`` : 'Bare `except:`';
    findings.push(makeFinding(meta, file.file, at,
      `${what} catches every error and this handler neither re-raises nor logs the traceback: catch the exceptions you expect, or log with \`logger.exception(...)\`.`,
      fixesFor(file, clause, typeExpr, broadType, handler)));
  }
  return findings;
}

/** The broad name inside the type expression (`Exception`, or one element of a tuple). */
function broadTypeIn(typeExpr: Node, file: PythonFile): Node | undefined {
  const candidates = typeExpr.type === 'tuple' || typeExpr.type === 'parenthesized_expression'
    ? typeExpr.namedChildren.filter((n): n is Node => !!n) : [typeExpr];
  return candidates.find((n) => {
    if (n.type === 'identifier' && file.imports.names.has(n.text)) return false; // shadowed by an import
    return BROAD.has(n.text) || BROAD.has(qualify(n, file.imports) ?? '');
  });
}

function reRaises(handler: Node, bound: string | undefined): boolean {
  return descendantsInScope(handler, ['raise_statement']).some((r) => {
    const raised = r.namedChildren.find((c) => c?.type !== 'comment');
    if (!raised) return true; // bare `raise`
    if (bound && raised.text === bound) return true; // `raise e`
    const cause = r.childForFieldName('cause');
    return !!bound && cause?.text === bound; // `raise X from e`
  });
}

function logsTraceback(handler: Node, file: PythonFile): boolean {
  return descendantsInScope(handler, ['call']).some((call) => {
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if (method === 'exception') return true; // logger.exception / logging.exception
    const name = qualify(fn, file.imports);
    if (name && /^(traceback\.print_exc|sentry_sdk\.capture_exception)$/.test(name)) return true;
    const excInfo = keywordArgument(call, 'exc_info');
    return !!excInfo && !['False', 'None'].includes(excInfo.text);
  });
}

function fixesFor(file: PythonFile, clause: Node, typeExpr: Node | null, broadType: Node | undefined, handler: Node): Fix[] {
  const tryStatement = clause.parent;
  const body = tryStatement?.childForFieldName('body');
  const raised = body ? inferRaisedExceptions(body, file.imports) : [];
  const fixes: Fix[] = [];
  if (raised.length > 0) {
    const edits: TextEdit[] = [];
    const names = raised.map((r) => {
      if (!r.module) return r.name;
      const imported = ensureImport(file.imports, file.lines, r.module, r.name);
      edits.push(...imported.edits);
      return imported.ref;
    });
    const text = names.length === 1 ? names[0] : `(${names.join(', ')})`;
    if (typeExpr && broadType && broadType.id !== typeExpr.id) {
      // `except (ValueError, Exception)`: replace only the broad element, keep the narrow ones.
      const kept = new Set(typeExpr.namedChildren.map((n) => n?.text));
      const added = names.filter((n) => !kept.has(n));
      edits.push(added.length ? { range: nodeRange(broadType), newText: added.join(', ') } : removeTupleElement(typeExpr, broadType));
    } else if (typeExpr) edits.push({ range: nodeRange(typeExpr), newText: text });
    else {
      const kw = clause.child(0)!;
      edits.push({ range: { start: nodeRange(kw).end, end: nodeRange(kw).end }, newText: ` ${text}` });
    }
    fixes.push({ title: `Catch only ${names.map((n) => `\`${n}\``).join(', ')}`, safety: 'unsafe', preferred: true,
      edits: [{ file: file.file, edits: mergeSameLineInserts(edits) }] });
  }
  // Fallback that never guesses: keep the handling, then let the error propagate. A trailing
  // `pass`/`return`/`continue`/`break` would make an appended `raise` unreachable, so it is replaced.
  const last = handler.namedChildren.filter((n) => n?.type !== 'comment').pop();
  if (last) {
    const terminal = ['pass_statement', 'return_statement', 'continue_statement', 'break_statement'].includes(last.type);
    const indent = file.lines.lineText(last.startPosition.row).match(/^\s*/)![0];
    const end = nodeRange(last).end;
    const edit: TextEdit = terminal
      ? { range: nodeRange(last), newText: 'raise' }
      : { range: { start: end, end }, newText: last.startPosition.row === clause.startPosition.row
        ? '; raise' : `${file.lines.eol}${indent}raise` };
    fixes.push({ title: 'Re-raise the exception after handling it', safety: 'unsafe', preferred: raised.length === 0,
      edits: [{ file: file.file, edits: [edit] }] });
  }
  return fixes;
}

/** Removes one element of a tuple with the comma that joins it to a neighbour. */
function removeTupleElement(tuple: Node, element: Node): TextEdit {
  const items = tuple.namedChildren.filter((n): n is Node => !!n);
  const i = items.findIndex((n) => n.id === element.id);
  const range = i > 0 ? { start: nodeRange(items[i - 1]).end, end: nodeRange(element).end }
    : { start: nodeRange(element).start, end: nodeRange(items[1]).start };
  return { range, newText: '' };
}

/** Two imports inserted at the same spot must become one edit, or the order of application is undefined. */
function mergeSameLineInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.range.start.line === e.range.start.line && o.range.start.character === e.range.start.character
      && o.range.end.line === e.range.end.line && o.range.end.character === e.range.end.character
      && o.range.start.line === o.range.end.line && o.range.start.character === o.range.end.character);
    if (same) same.newText += e.newText; else out.push({ ...e });
  }
  return out;
}

export const broadExcept: PythonRule = { meta, check };
