// The check shared by broad-except (`except Exception` / `except BaseException`) and bare-except
// (`except:`): a catch-all handler that neither re-raises nor logs the traceback. Semantics after Ruff
// BLE001 / E722: `raise`, `raise err`, `raise X from err`, `logger.exception(...)` or `exc_info=True`
// make the handler fine; raising a *new* exception without `from` does not.
import type { Node } from 'web-tree-sitter';
import { removeListItems } from '../../parse/pyedit';
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import type { ProjectFacts } from '../../workspace/facts';
import { makeFinding, type PythonFile } from '../context';
import { nodeRange } from '../../parse/pyast';
import { coveredBy, inferRaisedExceptions, type ExceptionRef } from './narrowing';
import {
  catchAllElement, chainFix, functionLabel, handlersIn, importExceptions, isBare, logTracebackFix,
  mergeSameSpotInserts, ownedByCatchAll, raisesWithoutFrom, reRaiseFix, typeName, type Handler,
} from './handlers';

export function checkCatchAll(file: PythonFile, facts: ProjectFacts, meta: RuleMeta, which: 'typed' | 'bare'): Finding[] {
  const findings: Finding[] = [];
  for (const h of handlersIn(file)) {
    const element = which === 'bare' ? undefined : catchAllElement(h, file);
    if (which === 'bare' ? !isBare(h) : !element) continue;
    if (!ownedByCatchAll(h, file)) continue;
    const unchained = raisesWithoutFrom(h);
    const at = element ?? h.clause.child(0)!;
    findings.push(makeFinding(meta, file.file, at, message(h, element, unchained), fixesFor(file, facts, h, element, unchained)));
  }
  return findings;
}

function message(h: Handler, element: Node | undefined, unchained: Node[]): string {
  const what = element ? `\`except ${element.text}\`` : 'Bare `except:`';
  const everything = element ? 'every error, bugs included,' : 'everything, even `KeyboardInterrupt` and `SystemExit`,';
  if (unchained.length) {
    const raised = unchained[0].namedChildren.find((c) => c?.type !== 'comment');
    const name = raised?.type === 'call' ? raised.childForFieldName('function')?.text : raised?.text;
    const chain = element ? `add \`from ${h.bound ?? 'err'}\`` : 'write `except BaseException as err:` and `raise ... from err`';
    return `${what} turns ${everything} into \`${name}\` without chaining it: ${chain} so the traceback shows the original error as the cause, or catch only the exceptions you expect.`;
  }
  return `${what} catches ${everything} and this handler neither re-raises nor logs the traceback: catch only the exceptions you expect, or log with \`logger.exception(...)\`.`;
}

function fixesFor(file: PythonFile, facts: ProjectFacts, h: Handler, element: Node | undefined, unchained: Node[]): Fix[] {
  const body = h.tryStatement?.childForFieldName('body');
  const inferred = body ? inferRaisedExceptions(body, file, facts) : { raises: [], complete: false };
  const narrow = inferred.raises.length ? narrowFix(file, h, element, inferred.raises) : undefined;
  if (unchained.length) {
    return [chainFix(file, h, unchained, 'bound', true), ...(narrow ? [{ ...narrow, preferred: false }] : [])];
  }
  const fixes: Fix[] = [];
  // Narrowing leads only when every call of the body is known; otherwise the list may miss what the
  // unknown calls raise, and logging the traceback is the change that loses nothing.
  if (narrow && inferred.complete) fixes.push(narrow);
  else {
    const where = functionLabel(h.clause);
    const log = logTracebackFix(file, h, 'exception', where ? `Unexpected error in ${where}` : 'Unexpected error', true);
    if (log && !element) {
      // A bare handler that logs and carries on would still swallow Ctrl-C and sys.exit(): catch `Exception`.
      const end = nodeRange(h.clause.child(0)!).end;
      log.edits[0].edits.push({ range: { start: end, end }, newText: ' Exception' });
      log.title = `Catch \`Exception\` (not \`KeyboardInterrupt\`, \`SystemExit\`) and ${log.title[0].toLowerCase()}${log.title.slice(1)}`;
    }
    if (log) fixes.push(log);
    if (narrow) fixes.push({ ...narrow, preferred: !log });
  }
  const reRaise = reRaiseFix(file, h, fixes.length === 0);
  if (reRaise) fixes.push(reRaise);
  return fixes;
}

/** "Catch only …": the catch-all becomes what the `try` body is known to raise (imports added). */
function narrowFix(file: PythonFile, h: Handler, element: Node | undefined, raised: ExceptionRef[]): Fix | undefined {
  const edits: TextEdit[] = [];
  let refs = raised;
  const others = h.types.filter((t) => t.id !== element?.id);
  if (element && others.length) {
    // `except (ValueError, Exception)`: replace only the catch-all, keep the narrow ones.
    const kept = others.map((t) => typeName(t, file.imports));
    refs = raised.filter((r) => !coveredBy(r, kept));
  }
  const imported = importExceptions(file, refs);
  edits.push(...imported.edits);
  const text = imported.names.length === 1 ? imported.names[0] : `(${imported.names.join(', ')})`;
  if (element && others.length) {
    if (imported.names.length) edits.push({ range: nodeRange(element), newText: imported.names.join(', ') });
    else if (others.length === 1 && h.typeExpr && h.typeExpr.id !== element.id) edits.push({ range: nodeRange(h.typeExpr), newText: others[0].text });
    else edits.push(removeElement(h, element));
  } else if (element && h.typeExpr) {
    edits.push({ range: nodeRange(h.typeExpr), newText: text });
  } else if (!element) {
    const end = nodeRange(h.clause.child(0)!).end;
    edits.push({ range: { start: end, end }, newText: ` ${text}` });
  } else return undefined;
  const shown = (refs.length ? imported.names : [...new Set(others.map((t) => t.text))]).map((n) => `\`${n}\``).join(', ');
  return { title: `Catch only ${shown}`, safety: 'unsafe', preferred: true,
    edits: [{ file: file.file, edits: mergeSameSpotInserts(edits) }] };
}

/** Removes one caught type with the comma that joins it to a neighbour. */
function removeElement(h: Handler, element: Node): TextEdit {
  return removeListItems(h.types, [element])[0];
}
