// debug-enabled: debug mode switched on in code: `FastAPI(debug=True)` / `Starlette(debug=True)`,
// `app.run(debug=True)` (Flask, Quart, Sanic, Flask-SocketIO), `app.debug = True`,
// `app.config["DEBUG"] = True`, module-level `DEBUG = True` in a settings module (Django, Flask
// config), and a settings class whose `debug` field defaults to True. After Bandit B201 / Ruff S201.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, nodeRange, stringValue } from '../../parse/pyast';
import { ensureImport, qualify } from '../../parse/pyimports';
import type { ProjectFacts } from '../../workspace/facts';
import { callsOf, configClasses, isProductionSettingsModule, lowerInTests, nosec, removeArgumentEdit } from './configClasses';

const meta: RuleMeta = {
  id: 'debug-enabled',
  family: 'hardening',
  category: 'Security hardening',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'Debug mode enabled in code shows tracebacks, settings or an interactive debugger to anyone who can trigger an error.',
  fixSafety: 'unsafe',
  foreignCodes: ['S201', 'B201'],
};

const BANDIT = ['B201'];
const ASGI_APPS = /^(fastapi\.FastAPI|fastapi\.applications\.FastAPI|starlette\.applications\.Starlette)$/;
const WEB_IMPORTS = /^(flask|quart|sanic|flask_socketio|werkzeug)(\.|$)/;
const APP_NAME = /(^|[._])(app|application|socketio|server)$/i;

function check(file: PythonFile, facts: ProjectFacts): Finding[] {
  if (!/debug/i.test(file.text)) return [];
  const findings = [...calls(file), ...assignments(file), ...settingsDefaults(file, facts)];
  return lowerInTests(file, findings.filter((f) => !nosec(file, f.range.start.line, BANDIT)));
}

function removeKeywordFix(file: PythonFile, call: Node, arg: Node, title: string): Fix {
  return { title, safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits: [removeArgumentEdit(call, arg)] }] };
}

// ── FastAPI(debug=True), app.run(debug=True) ───────────────────────────────────────────────────────
function calls(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  const webImports = [...file.imports.names.values()].some((q) => WEB_IMPORTS.test(q));
  for (const { call, fn } of callsOf(file)) {
    if (!/\bdebug\s*=\s*True\b/.test(file.text.slice(call.startIndex, call.endIndex))) continue;
    const debug = keywordArgument(call, 'debug');
    if (debug?.type !== 'true') continue;
    const arg = debug.parent!;
    const q = qualify(fn, file.imports) ?? '';
    if (ASGI_APPS.test(q)) {
      const app = q.split('.').pop();
      findings.push(makeFinding(meta, file.file, arg,
        `\`${app}(debug=True)\` returns full tracebacks to clients on every server error. Leave debug off in code and enable it locally only (for example from a setting).`,
        [removeKeywordFix(file, call, arg, 'Remove `debug=True` (debug is off by default)')]));
    } else if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'run'
      && (webImports || APP_NAME.test(fn.childForFieldName('object')?.text ?? ''))) {
      findings.push(makeFinding(meta, file.file, arg,
        `\`${fn.text}(debug=True)\` starts the development server with the interactive debugger: anyone who can reach it and trigger an error can run code on the host. Enable debug through the environment (\`FLASK_DEBUG=1\`) on your machine only.`,
        [removeKeywordFix(file, call, arg, 'Remove `debug=True` (debug then follows `FLASK_DEBUG` / the app config)')]));
    }
  }
  return findings;
}

// ── app.debug = True, app.config["DEBUG"] = True, DEBUG = True ────────────────────────────────────
function assignments(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  const settingsModule = isProductionSettingsModule(file.file);
  const webImports = [...file.imports.names.values()].some((q) => WEB_IMPORTS.test(q));
  for (const assign of file.nodes('assignment')) {
    if (!assign || !/^\s*=\s*True$/.test(file.text.slice(assign.startIndex, assign.endIndex).replace(/^[^=]*/, ''))) continue;
    const left = assign?.childForFieldName('left');
    const right = assign?.childForFieldName('right');
    if (!assign || !left || right?.type !== 'true') continue;
    const stmt = assign.parent;
    if (stmt?.type !== 'expression_statement') continue;
    const container = stmt.parent;
    if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'debug'
      && (webImports || APP_NAME.test(left.childForFieldName('object')?.text ?? ''))) {
      findings.push(makeFinding(meta, file.file, right,
        `\`${left.text} = True\` turns debug mode on wherever this code runs, production included. Enable it through the environment (\`FLASK_DEBUG=1\`) on your machine only.`,
        deleteStatementFix(file, stmt, `Remove \`${left.text} = True\``)));
    } else if (left.type === 'subscript' && stringValue(left.childForFieldName('subscript')) === 'DEBUG'
      && /(^|\.)config$/.test(left.childForFieldName('value')?.text ?? '')) {
      findings.push(makeFinding(meta, file.file, right,
        `\`${left.text} = True\` turns debug mode on wherever this code runs, production included. Enable it through the environment (\`FLASK_DEBUG=1\`) on your machine only.`,
        deleteStatementFix(file, stmt, `Remove \`${left.text} = True\``)));
    } else if (left.type === 'identifier' && left.text === 'DEBUG'
      && ((container?.type === 'module' && settingsModule) || productionClass(container))) {
      const environ = ensureImport(file.imports, file.lines, 'os', 'environ');
      const replacement = `${environ.ref}.get("DEBUG", "").lower() in ("1", "true", "yes")`;
      const where = container?.type === 'module' ? 'in a settings module' : `in \`${container!.parent!.childForFieldName('name')!.text}\``;
      findings.push(makeFinding(meta, file.file, right,
        `\`DEBUG = True\` ${where} ships debug mode to production: error pages show settings, SQL and stack traces. Read it from the environment, off by default.`,
        [{ title: 'Read `DEBUG` from the environment (off unless `DEBUG=1`/`true`)', safety: 'unsafe', preferred: true,
          edits: [{ file: file.file, edits: [...environ.edits, { range: nodeRange(right), newText: replacement }] }] }]));
    }
  }
  return findings;
}

/** The body block of a class named like a production configuration (`ProductionConfig`, `ProdSettings`). */
function productionClass(block: Node | null): boolean {
  const cls = block?.type === 'block' ? block.parent : undefined;
  return cls?.type === 'class_definition' && /prod/i.test(cls.childForFieldName('name')?.text ?? '');
}

/** Deletes a statement that has its lines to itself, in a block with other statements. */
function deleteStatementFix(file: PythonFile, stmt: Node, title: string): Fix[] {
  const siblings = (stmt.parent?.namedChildren ?? []).filter((n) => n && n.type !== 'comment');
  const before = file.lines.lineText(stmt.startPosition.row).slice(0, stmt.startPosition.column);
  const after = file.lines.lineText(stmt.endPosition.row).slice(stmt.endPosition.column);
  if (siblings.length < 2 || before.trim() || (after.trim() && !after.trim().startsWith('#'))) return [];
  const edit: TextEdit = { range: { start: { line: stmt.startPosition.row, character: 0 }, end: { line: stmt.endPosition.row + 1, character: 0 } }, newText: '' };
  return [{ title, safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits: [edit] }] }];
}

// ── settings classes: debug: bool = True ───────────────────────────────────────────────────────────
function settingsDefaults(file: PythonFile, facts: ProjectFacts): Finding[] {
  const findings: Finding[] = [];
  for (const cls of configClasses(file, facts)) {
    if (cls.kind !== 'settings') continue;
    for (const field of cls.fields) {
      if (!/^debug$/i.test(field.name.text) || field.defaultNode?.type !== 'true') continue;
      findings.push(makeFinding(meta, file.file, field.defaultNode,
        `Settings field \`${field.name.text}\` defaults to True: every deployment that does not set it runs in debug mode. Default to False and enable it locally through the environment.`,
        [{ title: `Default \`${field.name.text}\` to False (enable it locally through the environment)`, safety: 'unsafe', preferred: true,
          edits: [{ file: file.file, edits: [{ range: nodeRange(field.defaultNode), newText: 'False' }] }] }]));
    }
  }
  return findings;
}

export const debugEnabled: PythonRule = { meta, check };
