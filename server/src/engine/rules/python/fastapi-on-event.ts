// fastapi-on-event: `@app.on_event("startup" | "shutdown")` is deprecated since FastAPI 0.104 in favour
// of a `lifespan` async context manager. Fires only when the project's FastAPI is known to be ≥ 0.104.
// The fix (unsafe) migrates one app as a whole: it writes one `lifespan` that runs the startup handlers
// before `yield` and the shutdown handlers after it, in registration order, removes the decorators and
// `add_event_handler` calls, and passes `lifespan=lifespan` to the `FastAPI(...)` call. It is all or
// nothing, because an app with a lifespan no longer runs the handlers registered the old way.
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, positionalArguments, stringValue } from '../../parse/pyast';
import { ensureImport, qualify } from '../../parse/pyimports';
import { deleteStatement, namesBoundIn } from '../../parse/pyedit';
import { dependencyAtLeast, type ProjectFacts } from '../../workspace/facts';

const meta: RuleMeta = {
  id: 'fastapi-on-event',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: '`@app.on_event("startup")` / `("shutdown")` is deprecated since FastAPI 0.104; use a `lifespan` context manager.',
  fixSafety: 'unsafe',
};

type Event = 'startup' | 'shutdown';

/** The migration's answer when the app already has a lifespan (its old-style handlers never run). */
const LIFESPAN_SET = 'the app already has a lifespan';

interface Registration {
  event: Event;
  /** The receiver's text: `app`, `router`, `self.app`. */
  receiver: string;
  /** The `@app.on_event(...)` decorator, or the `app.add_event_handler(...)` statement. */
  node: Node;
  kind: 'decorator' | 'call' | 'other';
  /** The statement in its block: the decorated definition, or the call's expression statement. */
  statement: Node;
  /** How the lifespan calls the handler (`await name()` / `name()`), or why it cannot. */
  call?: string;
  problem?: string;
}

function check(file: PythonFile, facts: ProjectFacts) {
  if (dependencyAtLeast(facts, 'fastapi', '0.104') !== true) return [];
  const registrations = findRegistrations(file);
  const decorators = registrations.filter((r) => r.kind === 'decorator');
  if (decorators.length === 0) return [];
  const fixes = new Map<string, Fix | string>();
  const findings = [];
  for (const r of decorators) {
    if (!fixes.has(r.receiver)) fixes.set(r.receiver, migrate(file, r.receiver, registrations));
    const fix = fixes.get(r.receiver)!;
    const what = `\`@${r.receiver}.on_event("${r.event}")\` is deprecated since FastAPI 0.104`;
    const message = fix === LIFESPAN_SET
      ? `${what}, and this app already has a \`lifespan\`, so this handler never runs: move its code into the lifespan.`
      : `${what}; run this ${r.event} code from a \`lifespan\` context manager passed as \`FastAPI(lifespan=...)\``
        + `${typeof fix === 'string' ? ` (no automatic fix: ${fix})` : ''}.`;
    findings.push(makeFinding(meta, file.file, r.node.firstNamedChild ?? r.node, message,
      typeof fix === 'string' ? [] : [fix], { tags: ['deprecated'] }));
  }
  return findings;
}

function findRegistrations(file: PythonFile): Registration[] {
  const out: Registration[] = [];
  for (const call of file.nodes('call')) {
    const fn = call?.childForFieldName('function');
    if (!call || fn?.type !== 'attribute') continue;
    const method = fn.childForFieldName('attribute')?.text;
    if (method !== 'on_event' && method !== 'add_event_handler') continue;
    const args = positionalArguments(call);
    const eventArg = args[0] ?? keywordArgument(call, 'event_type');
    const event = stringValue(eventArg);
    const receiver = fn.childForFieldName('object')!.text;
    if (event !== 'startup' && event !== 'shutdown') {
      // Another kind of event, or one we cannot read: only a reason not to migrate this receiver.
      if (eventArg?.type !== 'string') out.push({ event: 'startup', receiver, node: call, kind: 'other', statement: call, problem: 'an event handler is registered with a computed event name' });
      continue;
    }
    if (method === 'on_event' && call.parent?.type === 'decorator') {
      const decorator = call.parent;
      const definition = decorator.parent!;
      out.push({ event, receiver, node: decorator, kind: 'decorator', statement: definition, ...handlerCall(definition, decorator) });
    } else if (method === 'add_event_handler' && call.parent?.type === 'expression_statement') {
      const handler = args[1] ?? keywordArgument(call, 'func');
      out.push({ event, receiver, node: call, kind: 'call', statement: call.parent, ...referencedHandler(call.parent, handler) });
    } else {
      out.push({ event, receiver, node: call, kind: 'other', statement: call, problem: `\`${receiver}.${method}(...)\` is used in a way the fix does not follow` });
    }
  }
  return out.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** `@app.on_event(...)` must be the outermost decorator: then the name is bound to the handler itself. */
function handlerCall(definition: Node, decorator: Node): Pick<Registration, 'call' | 'problem'> {
  const decorators = definition.namedChildren.filter((c) => c?.type === 'decorator');
  const fn = definition.childForFieldName('definition');
  if (fn?.type !== 'function_definition') return { problem: 'the handler is not a function' };
  if (decorators.length !== 1 || decorators[0]!.id !== decorator.id) return { problem: 'the handler has other decorators' };
  return { call: callText(fn) };
}

/** `app.add_event_handler("startup", name)` with `name` a plain function defined in the same block. */
function referencedHandler(statement: Node, handler: Node | undefined): Pick<Registration, 'call' | 'problem'> {
  if (handler?.type !== 'identifier') return { problem: 'a handler is not a plain function name' };
  const block = statement.parent!;
  const defs = block.namedChildren.filter((s): s is Node => !!s && s.type === 'function_definition'
    && s.childForFieldName('name')?.text === handler.text);
  if (defs.length !== 1) return { problem: `\`${handler.text}\` is not a function defined next to it` };
  return { call: callText(defs[0]) };
}

function callText(fn: Node): string {
  const name = fn.childForFieldName('name')!.text;
  const isAsync = fn.children.some((c) => c?.type === 'async');
  return isAsync ? `await ${name}()` : `${name}()`;
}

/** The migration of one receiver's handlers, or why there is none. */
function migrate(file: PythonFile, receiver: string, all: Registration[]): Fix | string {
  const mine = all.filter((r) => r.receiver === receiver);
  const problem = mine.find((r) => r.problem)?.problem;
  if (problem) return problem;
  if (!/^[A-Za-z_]\w*$/.test(receiver)) return `\`${receiver}\` is not created in this file`;
  const block = mine[0].statement.parent!;
  if (mine.some((r) => r.statement.parent?.id !== block.id)) return 'the handlers are registered in different scopes';

  // The app: the one `receiver = FastAPI(...)` in the same block.
  const creations = block.namedChildren.filter((s): s is Node => !!s && s.type === 'expression_statement'
    && s.firstNamedChild?.type === 'assignment' && s.firstNamedChild.childForFieldName('left')?.text === receiver);
  const appCall = creations.length === 1 ? creations[0].firstNamedChild!.childForFieldName('right') : null;
  const appClass = appCall?.type === 'call' ? qualify(appCall.childForFieldName('function'), file.imports) : undefined;
  if (!appCall || !/^fastapi(\.applications)?\.FastAPI$/.test(appClass ?? '')) {
    return appClass && /APIRouter$/.test(appClass)
      ? `\`${receiver}\` is an \`APIRouter\`: move its handlers into the app's lifespan`
      : `\`${receiver}\` is not created by \`FastAPI(...)\` next to these handlers`;
  }
  if (all.some((r) => r.receiver !== receiver)) return 'other objects in this file register event handlers too';
  const appStatement = creations[0];
  if (mine.some((r) => r.statement.startIndex < appStatement.startIndex)) return `handlers are registered before \`${receiver}\` is created`;
  if (keywordArgument(appCall, 'lifespan') !== undefined) return LIFESPAN_SET;
  for (const kw of ['on_startup', 'on_shutdown']) {
    if (keywordArgument(appCall, kw) !== undefined) return `\`FastAPI(${kw}=...)\` is set too`;
  }
  if (appCall.childForFieldName('arguments')!.namedChildren.some((a) => a?.type === 'dictionary_splat')) return '`FastAPI(**...)` may already set a lifespan';
  if (new RegExp(`\\b${receiver}\\.router\\b`).test(file.text)) return `\`${receiver}.router\` is used directly`;
  if (namesBoundIn(block).has('lifespan') || (block.type === 'module' && file.imports.names.has('lifespan'))) return '`lifespan` is already defined';

  const lines = file.lines;
  const eol = lines.eol;
  const appRow = insertionRow(appStatement);
  const indent = /^\s*/.exec(lines.lineText(appStatement.startPosition.row))![0];
  const edits: TextEdit[] = [];

  // `asynccontextmanager` must be bound before the `def` runs: an import added after the module's last
  // import could come too late when imports follow the app (`from . import routes` at the bottom).
  let decorator: string;
  let localImport = '';
  const imported = ensureImport(file.imports, lines, 'contextlib', 'asynccontextmanager');
  const importRow = imported.edits.length ? imported.edits[0].range.start.line : bindingRow(file, imported.ref.split('.')[0]);
  if (block.type !== 'module' || (importRow !== undefined && importRow <= appRow)) {
    decorator = imported.ref;
    edits.push(...imported.edits);
  } else {
    // After the last import above the app, or right above the lifespan when there is none.
    decorator = 'asynccontextmanager';
    const earlier = file.root.namedChildren.filter((s): s is Node => !!s && s.endPosition.row < appRow
      && ['import_statement', 'import_from_statement', 'future_import_statement'].includes(s.type));
    const last = earlier[earlier.length - 1];
    const line = `from contextlib import asynccontextmanager${eol}`;
    if (last) edits.push({ range: { start: { line: last.endPosition.row + 1, character: 0 }, end: { line: last.endPosition.row + 1, character: 0 } }, newText: line });
    else localImport = `${line}${eol}${eol}`;
  }

  const unit = indentUnit(file, mine);
  const body = (event: Event) => mine.filter((r) => r.event === event).map((r) => `${indent}${unit}${r.call}${eol}`).join('');
  const appType = appCall.childForFieldName('function')!.text;
  const gap = block.type === 'module' ? `${eol}${eol}` : eol;
  // Two blank lines above a top-level def (PEP 8), counting those already there.
  let blanksAbove = 0;
  while (block.type === 'module' && blanksAbove < 2 && appRow - blanksAbove - 1 >= 0 && lines.lineText(appRow - blanksAbove - 1).trim() === '') blanksAbove++;
  const lead = block.type === 'module' && appRow > 0 ? eol.repeat(2 - blanksAbove) : '';
  const lifespan = `${lead}${localImport}${indent}@${decorator}${eol}${indent}async def lifespan(app: ${appType}):${eol}`
    + `${body('startup')}${indent}${unit}yield${eol}${body('shutdown')}${gap}`;
  edits.push({ range: { start: { line: appRow, character: 0 }, end: { line: appRow, character: 0 } }, newText: lifespan });
  edits.push(lifespanArgument(file, appCall));
  for (const r of mine) {
    if (r.kind === 'call') edits.push(deleteStatement(lines, r.statement));
    else edits.push({ range: { start: { line: r.node.startPosition.row, character: 0 }, end: { line: r.node.endPosition.row + 1, character: 0 } }, newText: '' });
  }
  const count = mine.length;
  return {
    title: `Move the ${count} startup/shutdown handler${count > 1 ? 's' : ''} of \`${receiver}\` into a \`lifespan\` context manager`,
    safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits }],
  };
}

/** The file's indentation step, read from a decorated handler's body (four spaces when there is none). */
function indentUnit(file: PythonFile, registrations: Registration[]): string {
  for (const r of registrations) {
    const fn = r.kind === 'decorator' ? r.statement.childForFieldName('definition') : undefined;
    const first = fn?.childForFieldName('body')?.firstNamedChild;
    if (!fn || !first || first.startPosition.row === fn.startPosition.row) continue;
    const outer = /^\s*/.exec(file.lines.lineText(fn.startPosition.row))![0];
    const inner = /^\s*/.exec(file.lines.lineText(first.startPosition.row))![0];
    if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
  }
  return '    ';
}

/** Where the lifespan goes: above the app statement and the comment lines right above it. */
function insertionRow(statement: Node): number {
  let row = statement.startPosition.row;
  for (let prev = statement.previousNamedSibling; prev?.type === 'comment' && prev.endPosition.row === row - 1; prev = prev.previousNamedSibling) {
    if (prev.startPosition.column !== statement.startPosition.column) break;
    row = prev.startPosition.row;
  }
  return row;
}

/** The row of the top-level import statement that binds `name`, if any. */
function bindingRow(file: PythonFile, name: string): number | undefined {
  for (const stmt of file.root.namedChildren) {
    if (!stmt || (stmt.type !== 'import_statement' && stmt.type !== 'import_from_statement')) continue;
    for (const entry of stmt.childrenForFieldName('name')) {
      const bound = entry?.type === 'aliased_import' ? entry.childForFieldName('alias')?.text : entry?.text.split('.')[0];
      if (bound === name) return stmt.startPosition.row;
    }
  }
  return undefined;
}

/** `lifespan=lifespan` appended to the `FastAPI(...)` arguments, following their layout. */
function lifespanArgument(file: PythonFile, appCall: Node): TextEdit {
  const args = appCall.childForFieldName('arguments')!;
  const named = args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
  const at = (row: number, column: number) => ({ range: { start: { line: row, character: column }, end: { line: row, character: column } } });
  if (named.length === 0) return { ...at(args.startPosition.row, args.startPosition.column + 1), newText: 'lifespan=lifespan' };
  const last = named[named.length - 1];
  const comma = args.children.find((c) => c?.type === ',' && c.startIndex >= last.endIndex);
  if (!comma) return { ...at(last.endPosition.row, last.endPosition.column), newText: ', lifespan=lifespan' };
  const close = args.lastChild!;
  if (close.startPosition.row > comma.endPosition.row) {
    const indent = /^\s*/.exec(file.lines.lineText(last.startPosition.row))![0];
    return { ...at(comma.endPosition.row, comma.endPosition.column), newText: `${file.lines.eol}${indent}lifespan=lifespan,` };
  }
  return { ...at(comma.endPosition.row, comma.endPosition.column), newText: ' lifespan=lifespan,' };
}

export const fastapiOnEvent: PythonRule = { meta, check };
