// hardcoded-secret: a credential written into the code. Provider token formats, private keys, signed
// JWTs and passwords in URLs anywhere in a string literal; password-like literals assigned to, passed as,
// defaulted for or compared with a secret-like name. Detection lives in secretDetector.ts (shared by the
// TypeScript rule, rules/ts/hardcoded-secret.ts, which shares this meta and the helpers exported here);
// literals `secret-default` already reports are left to it.
import type { Node } from 'web-tree-sitter';
import type { Finding, RuleMeta, Severity } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { stringValue } from '../../parse/pyast';
import { isSecretName, maskSecret } from '../../secretNames';
import { classifyNamedValue, findFormattedSecrets, isTestFile, type SecretMatch } from '../../secretDetector';
import type { ProjectFacts } from '../../workspace/facts';
import { secretDefaultLiterals } from './secret-default';

/** One meta for both languages (rules/ts/hardcoded-secret.ts uses it too). */
export const meta: RuleMeta = {
  id: 'hardcoded-secret',
  family: 'secrets',
  category: 'Secrets & configuration',
  defaultSeverity: 'error',
  languages: ['python', 'typescript', 'javascript'],
  summary: 'A credential written into the code is readable by everyone with the repository and cannot be rotated without a deploy.',
  fixSafety: 'none',
  foreignCodes: ['S105', 'S106', 'S107', 'B105', 'B106', 'B107', 'no-secrets/no-secrets', 'sonarjs/no-hardcoded-passwords', 'sonarjs/no-hardcoded-secrets'],
};

/** Inline allow comments of other secret scanners: gitleaks and detect-secrets. */
export const SCANNER_ALLOW = /gitleaks:allow|pragma:\s*allowlist[\s-]secret/i;

function check(file: PythonFile, facts: ProjectFacts): Finding[] {
  const skip = secretDefaultLiterals(file, facts);
  const inTests = isTestFile(file.file);
  const findings: Finding[] = [];
  for (const literal of file.nodes(['string', 'concatenated_string'])) {
    if (!literal || skip.has(literal.startIndex) || !worthALook(file.text, literal)) continue;
    // implicit concatenation ("ghp_" "…") is one value
    if (literal.type === 'string' && literal.parent?.type === 'concatenated_string') continue;
    const text = literalText(literal);
    if (!text) continue;
    const name = secretNameFor(literal);
    const match = name ? classifyNamedValue(plainValue(literal)!) : findFormattedSecrets(text)[0];
    if (!match || allowed(file, literal)) continue;
    findings.push(makeFinding(meta, file.file, literal, messageFor(match, name, inTests), [],
      { severity: severityFor(match, inTests) }));
  }
  return findings;
}

/** Cheap text test before any tree access: a provider marker in the literal, or a secret word just before it. */
export const FORMAT_MARKER = /AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|glpat-|xox[abposre]-|hooks\.slack|_(live|test)_|whsec_|AIza|T3BlbkFJ|sk-ant-|SG\.|npm_|pypi-|PRIVATE KEY|eyJ|:\/\/[^\s/'"]*:[^\s/'"]*@/;
export const NAME_HINT = /secret|passw|passphrase|pwd|token|key|credential|dsn|salt/i;

function worthALook(text: string, literal: Node): boolean {
  if (literal.endIndex - literal.startIndex < 10) return false; // quotes + 8 characters at least
  return FORMAT_MARKER.test(text.slice(literal.startIndex, literal.endIndex))
    || NAME_HINT.test(text.slice(Math.max(0, literal.startIndex - 80), literal.startIndex));
}

/** The literal's characters: f-strings give their literal parts (separated, so no token spans a `{…}`). */
function literalText(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.filter((c): c is Node => c?.type === 'string').map((c) => literalText(c));
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  const plain = stringValue(node);
  if (plain !== undefined) return plain;
  const parts = node.children.filter((c) => c?.type === 'string_content').map((c) => c!.text);
  return parts.length ? parts.join(' ') : undefined;
}

/** A literal without interpolation (plain or implicitly concatenated plain strings). */
function plainValue(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.filter((c): c is Node => c?.type === 'string').map((c) => stringValue(c));
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  return stringValue(node);
}

/**
 * The secret-like name the literal is bound to: `NAME = "…"`, `obj.name = "…"`, `cfg["NAME"] = "…"`,
 * `f(name="…")`, `def f(name="…")`, `{"name": "…"}`, `name == "…"`. Only plain literals count (an
 * f-string assigned to `token` is built from other values).
 */
function secretNameFor(literal: Node): string | undefined {
  if (plainValue(literal) === undefined) return undefined;
  const p = literal.parent;
  if (!p) return undefined;
  let name: string | undefined;
  switch (p.type) {
    case 'assignment':
      if (p.childForFieldName('right')?.id === literal.id) name = targetName(p.childForFieldName('left'));
      break;
    case 'keyword_argument':
      if (p.childForFieldName('value')?.id === literal.id) name = p.childForFieldName('name')?.text;
      break;
    case 'default_parameter': case 'typed_default_parameter':
      if (p.childForFieldName('value')?.id === literal.id) name = p.childForFieldName('name')?.text;
      break;
    case 'pair':
      if (p.childForFieldName('value')?.id === literal.id) name = stringValue(p.childForFieldName('key'));
      break;
    case 'comparison_operator': {
      const other = p.namedChildren.find((c) => c && c.id !== literal.id);
      if (p.namedChildren.length === 2 && /^(==|!=)$/.test(p.children[1]?.type ?? '')) name = targetName(other);
      break;
    }
  }
  return name && isSecretName(name) ? name : undefined;
}

function targetName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  if (node.type === 'subscript') return stringValue(node.childForFieldName('subscript'));
  return undefined;
}

function allowed(file: PythonFile, literal: Node): boolean {
  for (let line = literal.startPosition.row; line <= literal.endPosition.row; line++) {
    if (SCANNER_ALLOW.test(file.lines.lineText(line))) return true;
  }
  return false;
}

export function severityFor(match: SecretMatch, inTests: boolean): Severity {
  if (inTests) return 'info';
  return match.confidence === 'high' ? 'error' : 'warning';
}

export function messageFor(match: SecretMatch, name: string | undefined, inTests: boolean): string {
  const what = `${/^([aeiou]|(RSA|EC|SSH|npm)\b)/i.test(match.label) ? 'an' : 'a'} ${match.label}`;
  const where = name ? `\`${name}\` is set to ${what}` : `this string contains ${what}`;
  const advice = inTests
    ? 'In a test, prefer an obviously fake value or a fixture read from the environment.'
    : 'Read it from the environment or a secret manager, and rotate it: it is in the repository history.';
  return `Hardcoded secret: ${where} (${maskSecret(match.value)}). ${advice}`;
}

export const hardcodedSecret: PythonRule = { meta, check };
