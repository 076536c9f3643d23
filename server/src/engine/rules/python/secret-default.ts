// secret-default: a secret-like setting with a literal default, in a pydantic-settings `BaseSettings`
// class or an `os.getenv` / `os.environ.get` call. A missing variable then silently uses a known value.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, nodeRange, positionalArguments, stringValue } from '../../parse/pyast';
import { ensureImport, qualify } from '../../parse/pyimports';
import { isSecretName, maskSecret, urlHasCredentials } from '../../secretNames';

const meta: RuleMeta = {
  id: 'secret-default',
  family: 'secrets',
  category: 'Secrets & configuration',
  defaultSeverity: 'error',
  languages: ['python'],
  summary: 'A secret setting with a literal default lets the service start with a known secret when the variable is missing.',
  fixSafety: 'unsafe',
  foreignCodes: ['S105', 'S106', 'S107', 'B105', 'B106', 'B107'],
};

const SETTINGS_BASES = /^(pydantic_settings\.BaseSettings|pydantic\.BaseSettings|pydantic\.v1\.BaseSettings)$/;
const GETENV = /^(os\.getenv|os\.environ\.get)$/;

function check(file: PythonFile): Finding[] {
  return [...settingsFields(file), ...getenvCalls(file)];
}

/** A literal that would be used as the secret: non-empty string (URLs only with credentials). */
function literalSecret(node: Node | null | undefined, name: string): string | undefined {
  const value = stringValue(node);
  if (!value || !value.trim()) return undefined;
  if (/url$/i.test(name) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return urlHasCredentials(value) ? value : undefined;
  return value;
}

function message(name: string, value: string): string {
  return `Secret \`${name}\` has a literal default (${maskSecret(value)}): if the variable is missing the service runs with a known secret. Make it required so start-up fails instead.`;
}

function settingsFields(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  for (const cls of file.root.descendantsOfType('class_definition')) {
    const bases = cls?.childForFieldName('superclasses')?.namedChildren ?? [];
    if (!bases.some((b) => b && (SETTINGS_BASES.test(qualify(b, file.imports) ?? '') || b.text === 'BaseSettings'))) continue;
    for (const stmt of cls!.childForFieldName('body')?.namedChildren ?? []) {
      const assign = stmt?.type === 'expression_statement' ? stmt.firstNamedChild : undefined;
      if (assign?.type !== 'assignment') continue;
      const left = assign.childForFieldName('left');
      const right = assign.childForFieldName('right');
      if (left?.type !== 'identifier' || !right || !isSecretName(left.text)) continue;
      const defaultNode = isFieldCall(right, file) ? (keywordArgument(right, 'default') ?? positionalArguments(right)[0]) : right;
      const value = literalSecret(defaultNode, left.text);
      if (!value) continue;
      findings.push(makeFinding(meta, file.file, defaultNode!, message(left.text, value), fieldFix(file, assign, left, right, defaultNode!)));
    }
  }
  return findings;
}

function isFieldCall(node: Node, file: PythonFile): boolean {
  return node.type === 'call' && /(^|\.)Field$/.test(qualify(node.childForFieldName('function'), file.imports) ?? node.childForFieldName('function')?.text ?? '');
}

function fieldFix(file: PythonFile, assign: Node, left: Node, right: Node, defaultNode: Node): Fix[] {
  const type = assign.childForFieldName('type');
  const title = `Make \`${left.text}\` required (remove the default)`;
  if (right.type === 'call') {
    // Field("x", description=…) → Field(description=…): remove the default argument and its comma.
    const args = right.childForFieldName('arguments')!.namedChildren.filter((n): n is Node => !!n);
    const arg = defaultNode.parent?.type === 'keyword_argument' ? defaultNode.parent : defaultNode;
    const i = args.findIndex((a) => a.id === arg.id);
    const range = i < args.length - 1 ? { start: nodeRange(arg).start, end: nodeRange(args[i + 1]).start }
      : i > 0 ? { start: nodeRange(args[i - 1]).end, end: nodeRange(arg).end } : nodeRange(arg);
    const edits = [{ range, newText: '' }];
    if (!type) edits.push({ range: { start: nodeRange(left).end, end: nodeRange(left).end }, newText: ': str' });
    return [{ title, safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits }] }];
  }
  // `secret_key: str = "x"` → `secret_key: str`; `secret_key = "x"` → `secret_key: str`
  const start = type ? nodeRange(type).end : nodeRange(left).end;
  return [{ title, safety: 'unsafe', preferred: true,
    edits: [{ file: file.file, edits: [{ range: { start, end: nodeRange(right).end }, newText: type ? '' : ': str' }] }] }];
}

function getenvCalls(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  for (const call of file.root.descendantsOfType('call')) {
    if (!call || !GETENV.test(qualify(call.childForFieldName('function'), file.imports) ?? '')) continue;
    const [nameNode, defaultArg] = positionalArguments(call);
    const defaultNode = defaultArg ?? keywordArgument(call, 'default');
    const name = stringValue(nameNode);
    if (!name || !isSecretName(name)) continue;
    const value = literalSecret(defaultNode, name);
    if (!value) continue;
    const environ = ensureImport(file.imports, file.lines, 'os', 'environ');
    const fix: Fix = {
      title: `Read \`${name}\` with \`${environ.ref}[${nameNode.text}]\` (fails at start-up when missing)`,
      safety: 'unsafe', preferred: true,
      edits: [{ file: file.file, edits: [...environ.edits, { range: nodeRange(call), newText: `${environ.ref}[${nameNode.text}]` }] }],
    };
    findings.push(makeFinding(meta, file.file, defaultNode!, message(name, value), [fix]));
  }
  return findings;
}

export const secretDefault: PythonRule = { meta, check };
