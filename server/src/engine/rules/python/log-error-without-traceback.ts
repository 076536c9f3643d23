// log-error-without-traceback: `logger.error(...)` inside an `except` handler that then carries on, so
// the log has the message but not the traceback. After Ruff TRY400 (error-instead-of-exception).
// Not reported: handlers that re-raise at the end (the traceback travels with the exception), exit the
// process (a CLI's user-facing message), already log the traceback, pass `exc_info` explicitly, or are
// catch-all handlers that broad-except / bare-except report.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { descendantsInScope, keywordArgument, nodeRange } from '../../parse/pyast';
import { ensureImport, qualify } from '../../parse/pyimports';
import { handlersIn, loggerCall, logsTraceback, ownedByCatchAll, typesText, type Handler } from './handlers';

const meta: RuleMeta = {
  id: 'log-error-without-traceback',
  family: 'error-handling',
  category: 'Error handling',
  defaultSeverity: 'info',
  languages: ['python'],
  summary: '`logger.error(...)` in an `except` handler logs the message without the traceback; `logger.exception(...)` keeps it.',
  fixSafety: 'unsafe',
  foreignCodes: ['TRY400'],
};

const EXIT_CALLS = /^(sys\.exit|os\._exit|builtins\.(exit|quit))$/;

function check(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  for (const h of handlersIn(file)) {
    if (ownedByCatchAll(h, file) || endsByLeaving(h, file) || logsTraceback(h, file)) continue;
    for (const call of ownCalls(h)) {
      const fn = call.childForFieldName('function');
      if (keywordArgument(call, 'exc_info')) continue;
      const logger = loggerCall(call, file);
      if (logger?.level === 'error') {
        const recv = fn!.childForFieldName('object')!.text;
        findings.push(makeFinding(meta, file.file, fn!, message(h, `${recv}.error`, `${recv}.exception`), [{
          title: `Use \`${recv}.exception(...)\` (logs the traceback at error level)`,
          safety: logger.stdlibResolved ? 'safe' : 'unsafe', preferred: true,
          edits: [{ file: file.file, edits: [{ range: nodeRange(logger.method), newText: 'exception' }] }],
        }]));
      } else if (fn?.type === 'identifier' && qualify(fn, file.imports) === 'logging.error') {
        // `from logging import error`
        const imported = ensureImport(file.imports, file.lines, 'logging', 'exception');
        const fix: Fix = { title: `Use \`${imported.ref}(...)\` (logs the traceback at error level)`, safety: 'safe', preferred: true,
          edits: [{ file: file.file, edits: [...imported.edits, { range: nodeRange(fn), newText: imported.ref }] }] };
        findings.push(makeFinding(meta, file.file, fn, message(h, fn.text, imported.ref), [fix]));
      }
    }
  }
  return findings;
}

function message(h: Handler, used: string, instead: string): string {
  const caught = h.types.length ? `\`${typesText(h)}\`` : 'the error';
  return `\`${used}(...)\` in this handler logs the message but not the traceback, so the log will not show where ${caught} came from: use \`${instead}(...)\` (same level, with the traceback), or pass \`exc_info=True\`.`;
}

/** Calls of this handler (not of a nested function or an inner handler). */
function ownCalls(h: Handler): Node[] {
  return descendantsInScope(h.block, ['call']).filter((c) => {
    for (let p = c.parent; p && p.id !== h.block.id; p = p.parent) if (p.type === 'except_clause') return false;
    return true;
  });
}

/** Every path through the handler re-raises or exits: the traceback is someone else's job, or unwanted. */
function endsByLeaving(h: Handler, file: PythonFile): boolean {
  return blockLeaves(h.block, file);
}

/**
 * A block leaves when its last statement does: a `raise`, an exit call, or an `if` whose every branch
 * (with an `else`) leaves — `if missing: log.error(m); raise NotFound(m) from e / else: raise`.
 */
function blockLeaves(block: Node | null | undefined, file: PythonFile): boolean {
  const last = block?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment').pop();
  if (!last) return false;
  if (last.type === 'raise_statement') return true;
  if (last.type === 'if_statement') {
    const branches = last.namedChildren.filter((n): n is Node => !!n && (n.type === 'elif_clause' || n.type === 'else_clause'));
    const hasElse = branches.some((b) => b.type === 'else_clause');
    return hasElse && blockLeaves(last.childForFieldName('consequence'), file)
      && branches.every((b) => blockLeaves(b.childForFieldName(b.type === 'else_clause' ? 'body' : 'consequence'), file));
  }
  const call = last.type === 'expression_statement' ? last.firstNamedChild : null;
  if (call?.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  const name = qualify(fn, file.imports) ?? (fn?.type === 'identifier' && ['exit', 'quit'].includes(fn.text) ? `builtins.${fn.text}` : undefined);
  return !!name && EXIT_CALLS.test(name);
}

export const logErrorWithoutTraceback: PythonRule = { meta, check };
