// swallowed-catch: a `catch` that hides the failure: empty (or only a comment), only returns a default
// or moves on, or drops the error without logging it; and promise `.catch(() => {})` / `.catch(() => null)`
// / `.catch(noop)`. A catch that rethrows, logs, reports or uses the error is fine, and so is try/finally.
// ESLint's `no-empty` covers the first case only (and allows a comment).
import ts from 'typescript';
import type { Finding, Fix, RuleMeta, Severity } from '../../types';
import { makeFinding } from '../context';
import type { ScriptFile, ScriptRule } from '../scriptContext';
import type { ProjectFacts } from '../../workspace/facts';
import { dottedName, offsetRange } from '../../parse/tsast';
import { detectLogger, logCall } from './loggers';
import { enclosingFunctionName, freshErrorName, handlesError, insertAtBlockStart, isConstant, isConstantExit, quoted } from './handlers';

const meta: RuleMeta = {
  id: 'swallowed-catch',
  family: 'error-handling',
  category: 'Error handling',
  defaultSeverity: 'warning',
  languages: ['typescript', 'javascript'],
  summary: 'A `catch` (or promise `.catch`) that is empty, only returns a default or drops the error unlogged hides the failure.',
  fixSafety: 'unsafe',
  foreignCodes: ['no-empty', 'no-empty-function', '@typescript-eslint/no-empty-function', 'sonarjs/no-ignored-exceptions'],
};

type Silence = 'empty' | 'comment' | 'default' | 'unused';

const SEVERITY: Record<Silence, Severity> = { empty: 'warning', default: 'warning', comment: 'info', unused: 'info' };

function check(file: ScriptFile, facts: ProjectFacts): Finding[] {
  const findings: Finding[] = [];
  for (const clause of file.nodes<ts.CatchClause>(ts.SyntaxKind.CatchClause)) {
    const finding = checkCatchClause(file, facts, clause);
    if (finding) findings.push(finding);
  }
  for (const call of file.nodes<ts.CallExpression>(ts.SyntaxKind.CallExpression)) {
    const finding = checkPromiseCatch(file, facts, call);
    if (finding) findings.push(finding);
  }
  return findings; // finalizeFindings puts them in document order
}

function checkCatchClause(file: ScriptFile, facts: ProjectFacts, clause: ts.CatchClause): Finding | undefined {
  const decl = clause.variableDeclaration;
  const binding = decl && ts.isIdentifier(decl.name) ? decl.name.text : undefined;
  const destructured = !!decl && !binding;
  const block = clause.block;
  const stmts = block.statements;
  let silence: Silence;
  if (stmts.length === 0) silence = hasComment(file, block) ? 'comment' : 'empty';
  else if (destructured || handlesError(block, binding)) return undefined;
  else if (stmts.every(isConstantExit)) silence = 'default';
  else if (binding) silence = 'unused';
  else return undefined; // `catch { other(); }`: leaving the binding out says ignoring the error is intended
  const header = { start: clause.getStart(file.source), end: block.getStart(file.source) };
  const range = offsetRange(file.source, header.start, trimEnd(file.text, header.end));
  return makeFinding(meta, file.file, range, message(silence, stmts), catchFixes(file, facts, clause, binding, silence), { severity: SEVERITY[silence] });
}

function message(silence: Silence, stmts: ts.NodeArray<ts.Statement>): string {
  switch (silence) {
    case 'empty': return 'Empty `catch` block: the error disappears without a trace. Log it, rethrow it, or handle it.';
    case 'comment': return 'This `catch` only holds a comment: the error is ignored and nothing records that it happened. Log it, or rethrow it.';
    case 'default': {
      const first = stmts[0];
      if (first && ts.isReturnStatement(first)) {
        return `This \`catch\` turns the error into \`${first.getText().replace(/;$/, '')}\` without logging it: callers cannot tell a failure from a real result. Log it, or let it propagate.`;
      }
      return 'This `catch` moves on without logging the error, so whatever it skipped goes unnoticed. Log it, or let it propagate.';
    }
    case 'unused': return 'The caught error is never used: it is not logged, rethrown or reported, so its cause is lost. Log it, or rethrow it with `{ cause }`.';
  }
}

function catchFixes(file: ScriptFile, facts: ProjectFacts, clause: ts.CatchClause, binding: string | undefined, silence: Silence): Fix[] {
  const source = file.source;
  const name = binding ?? freshErrorName(clause.block);
  // `catch {` gets a binding right after the keyword
  const at = clause.getStart(source) + 'catch'.length;
  const bindingEdit = binding ? [] : [{ range: offsetRange(source, at, at), newText: ` (${name})` }];
  const context = enclosingFunctionName(clause);
  const what = context ? `${context} failed` : 'Unexpected error';
  const logger = detectLogger(file, clause, facts.script);
  const edit = (insert: { start: number; end: number; newText: string }): Fix['edits'] => [{
    file: file.file,
    edits: [...bindingEdit,
      { range: offsetRange(source, insert.start, insert.end), newText: insert.newText }],
  }];
  const fixes: Fix[] = [{
    title: `Log the error with \`${logger.receiver}.error\``, safety: 'unsafe', preferred: true,
    edits: edit(insertAtBlockStart(file.text, source, clause.block, [`${logCall(source, logger, what, name)};`])),
  }];
  const rethrow = facts.script.errorCause ? `throw new Error(${quoted(source, what)}, { cause: ${name} });` : `throw ${name};`;
  const stmts = clause.block.statements;
  if (silence === 'empty' || silence === 'comment') {
    fixes.push({ title: facts.script.errorCause ? 'Rethrow with the error as `cause`' : 'Rethrow the error', safety: 'unsafe',
      edits: edit(insertAtBlockStart(file.text, source, clause.block, [rethrow])) });
  } else if (silence === 'default' && stmts.length === 1) {
    const s = stmts[0];
    fixes.push({ title: facts.script.errorCause ? 'Rethrow with the error as `cause` instead' : 'Rethrow the error instead', safety: 'unsafe',
      edits: edit({ start: s.getStart(source), end: s.getEnd(), newText: rethrow }) });
  }
  return fixes;
}

/** `.catch(() => {})`, `.catch(() => null)`, `.catch(noop)`, `.catch(function () {})`. */
function checkPromiseCatch(file: ScriptFile, facts: ProjectFacts, call: ts.CallExpression): Finding | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'catch' || call.arguments.length !== 1) return undefined;
  const handler = call.arguments[0];
  let silence: Silence | undefined;
  let keep: string | undefined; // the value the handler resolves to, kept by the fix
  if (ts.isIdentifier(handler) || ts.isPropertyAccessExpression(handler)) {
    if (/(^|\.)noop$/.test(dottedName(handler) ?? '')) silence = 'empty';
  } else if (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) {
    const param = handler.parameters[0];
    const binding = param && ts.isIdentifier(param.name) ? param.name.text : undefined;
    const body = handler.body;
    if (ts.isBlock(body)) {
      if (body.statements.length === 0) silence = hasComment(file, body) ? 'comment' : 'empty';
      else if (!handlesError(body, binding) && body.statements.length === 1 && isConstantExit(body.statements[0])) {
        silence = 'default';
        const r = body.statements[0];
        keep = ts.isReturnStatement(r) && r.expression ? r.expression.getText(file.source) : undefined;
      }
    } else if (isConstant(body)) {
      silence = 'default';
      keep = body.getText(file.source);
    }
  }
  if (!silence) return undefined;
  const range = offsetRange(file.source, handler.getStart(file.source), handler.getEnd());
  const what = `\`.catch(${oneLine(handler.getText(file.source))})\``;
  const msg = silence === 'default'
    ? `${what} turns a rejection into a value without logging it: the failure is invisible. Log the error, or let the rejection propagate.`
    : `${what} swallows the rejection: the failure is invisible. Log the error, or let the rejection propagate.`;
  const context = enclosingFunctionName(call);
  const logger = detectLogger(file, call, facts.script);
  const log = logCall(file.source, logger, context ? `${context} failed` : 'Unexpected error', 'err');
  const newHandler = keep === undefined ? `(err) => ${log}` : `(err) => { ${log}; return ${keep}; }`;
  const fix: Fix = { title: `Log the error with \`${logger.receiver}.error\``, safety: 'unsafe', preferred: true,
    edits: [{ file: file.file, edits: [{ range, newText: newHandler }] }] };
  return makeFinding(meta, file.file, range, msg, [fix], { severity: SEVERITY[silence] });
}

function hasComment(file: ScriptFile, block: ts.Block): boolean {
  const inner = file.text.slice(block.getStart(file.source) + 1, block.getEnd() - 1);
  return /\/\/|\/\*/.test(inner);
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

export const swallowedCatch: ScriptRule = { meta, check };
