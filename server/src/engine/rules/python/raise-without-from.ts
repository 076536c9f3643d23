// raise-without-from: `raise NewError(...)` inside an `except` handler without `from`. After Ruff B904
// (pylint W0707 raise-missing-from). Catch-all handlers that broad-except / bare-except report are left
// to them (their message and fix already cover the missing `from`).
import type { Node } from 'web-tree-sitter';
import type { Finding, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { qualify } from '../../parse/pyimports';
import { chainFix, handlersIn, ownedByCatchAll, raisesWithoutFrom, type Handler } from './handlers';

const meta: RuleMeta = {
  id: 'raise-without-from',
  family: 'error-handling',
  category: 'Error handling',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'A new exception raised in an `except` handler without `from` reads as a crash of the handler instead of naming its cause.',
  fixSafety: 'unsafe',
  foreignCodes: ['B904', 'W0707', 'raise-missing-from'],
};

/** Exits that never print a traceback (the process ends, or the CLI framework prints a message). */
const EXITS = /^(builtins\.)?SystemExit$|^(click|typer)\.(exceptions\.)?\w+$/;

function check(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  for (const h of handlersIn(file)) {
    if (ownedByCatchAll(h, file)) continue;
    for (const r of raisesWithoutFrom(h)) {
      const raised = r.namedChildren.find((c): c is Node => !!c && c.type !== 'comment')!;
      const callee = raised.type === 'call' ? raised.childForFieldName('function') : raised;
      const name = callee?.text ?? raised.text;
      if (EXITS.test(qualify(callee, file.imports) ?? name)) continue;
      findings.push(makeFinding(meta, file.file, r, message(h, raised.type === 'call' ? `${name}(...)` : name),
        [chainFix(file, h, [r], 'bound', true), chainFix(file, h, [r], 'None', false)]));
    }
  }
  return findings;
}

function message(h: Handler, raised: string): string {
  const handler = h.types.length ? `\`except ${h.typeExpr?.text ?? h.types.map((t) => t.text).join(', ')}\`` : 'bare `except:`';
  const cause = h.bound ?? 'err';
  return `\`raise ${raised}\` inside ${handler} has no \`from\`: the traceback shows the original error as a second failure "during handling" instead of as the cause. Write \`raise ... from ${cause}\`, or \`from None\` to hide it on purpose.`;
}

export const raiseWithoutFrom: PythonRule = { meta, check };
