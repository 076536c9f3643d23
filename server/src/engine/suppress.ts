// Suppression comments: our own `readiness: ignore[rule] reason` and the foreign ones users already
// have (`# noqa: BLE001`, `# pylint: disable=broad-exception-caught`, `# nosec`, eslint-disable), per rule.
import type { Finding, TextEdit } from './types';
import type { LineIndex } from './text';
import { ruleMeta } from './rules/index';

export interface LineSuppression {
  /** Rule ids (own comments) or foreign codes; empty = every rule (`# noqa`, bare `readiness: ignore`). */
  codes: string[];
  kind: 'own' | 'noqa' | 'pylint' | 'nosec' | 'eslint';
  /** An own comment alone on its line applies to the next line too. */
  ownLine: boolean;
  /** `eslint-disable-next-line`: the next line only, never its own. */
  nextLineOnly?: boolean;
  /** Own comments: where the comment starts and its bracket ends, and the reason after it. */
  start?: number;
  end?: number;
  reason?: string;
  /** The line's text (only kept for lines with an own comment, for the edits that tidy it). */
  lineText?: string;
}

/** Which own-suppression codes silenced something: keys `line:rule` (`line:*` for a bare ignore). */
export type SuppressionUsage = Set<string>;

const OWN = /(?:#|\/\/)\s*readiness:\s*ignore(?:\[([^\]]*)\])?/i;
const NOQA = /#\s*noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;
const PYLINT = /#\s*pylint:\s*disable\s*=\s*([\w\-, ]+)/i;
const NOSEC = /#\s*nosec\b(?:[:\s]+((?:B\d{3}[\s,]*)+))?/i;
const ESLINT = /(?:\/\/|\/\*)\s*eslint-disable-(next-)?line\b\s*([\w\-/@, ]*)/i;

/** Suppressions by 0-based line. Only lines containing a comment marker are inspected. */
export function readSuppressions(lines: LineIndex): Map<number, LineSuppression[]> {
  const out = new Map<number, LineSuppression[]>();
  for (let i = 0; i < lines.lineCount; i++) {
    const text = lines.lineText(i);
    if (!text.includes('#') && !text.includes('//')) continue;
    const found: LineSuppression[] = [];
    const split = (s: string | undefined) => (s ?? '').split(/[\s,]+/).map((c) => c.trim()).filter(Boolean);
    const ownLine = /^\s*(#|\/\/)/.test(text);
    let m: RegExpExecArray | null;
    if ((m = OWN.exec(text))) {
      const rest = text.slice(m.index + m[0].length);
      const reason = rest.replace(/^\s*(reason:)?/i, '').replace(/\s*#.*$/, '').trim();
      found.push({ codes: split(m[1]), kind: 'own', ownLine, start: m.index, end: m.index + m[0].length, reason, lineText: text });
    }
    if ((m = NOQA.exec(text))) found.push({ codes: split(m[1]), kind: 'noqa', ownLine: false });
    if ((m = PYLINT.exec(text))) found.push({ codes: split(m[1]), kind: 'pylint', ownLine: false });
    if ((m = NOSEC.exec(text))) found.push({ codes: split(m[1]), kind: 'nosec', ownLine: false });
    // `-- reason` after the rule list is ESLint's description syntax
    if ((m = ESLINT.exec(text))) found.push({ codes: split(m[2].split(/\s--\s|\s--$/)[0]), kind: 'eslint', ownLine: false, nextLineOnly: !!m[1] });
    if (found.length) out.set(i, found);
  }
  return out;
}

/** True when a comment silences the finding; own comments that did are recorded in `usage`. */
export function isSuppressed(finding: Finding, suppressions: Map<number, LineSuppression[]>, usage?: SuppressionUsage): boolean {
  const line = finding.range.start.line;
  const candidates: [number, LineSuppression][] = [
    ...(suppressions.get(line) ?? []).filter((s) => !s.nextLineOnly).map((s): [number, LineSuppression] => [line, s]),
    ...(suppressions.get(line - 1) ?? []).filter((s) => s.ownLine || s.nextLineOnly).map((s): [number, LineSuppression] => [line - 1, s]),
  ];
  let suppressed = false;
  for (const [at, s] of candidates) {
    if (!matches(s, finding.rule)) continue;
    suppressed = true;
    if (s.kind === 'own') usage?.add(`${at}:${s.codes.length ? finding.rule : '*'}`);
  }
  return suppressed;
}

function matches(s: LineSuppression, rule: string): boolean {
  if (s.kind === 'own') return s.codes.length === 0 || s.codes.includes(rule);
  const meta = ruleMeta(rule);
  const foreign = meta?.foreignCodes ?? [];
  // Bandit's `# nosec` speaks for security checks: secrets and hardening; `# nosec B113` names one test.
  if (s.kind === 'nosec' && s.codes.length === 0) return meta?.family === 'secrets' || meta?.family === 'hardening';
  // a bare `# noqa` or `// eslint-disable-next-line` silences every rule on the line, like in Ruff and ESLint
  if (s.codes.length === 0) return s.kind === 'noqa' || s.kind === 'eslint';
  return s.codes.some((c) => foreign.some((f) => f.toLowerCase() === c.toLowerCase()));
}

/**
 * "Ignore on this line": extends an own `readiness: ignore[…]` already on the line, or appends one with
 * a reason to fill in (our comments want a reason so reviewers see why).
 */
export function ignoreEdit(lines: LineIndex, finding: Finding, language: 'python' | 'typescript' | 'javascript'): TextEdit {
  const line = finding.range.start.line;
  const text = lines.lineText(line);
  const own = /(readiness:\s*ignore\[)([^\]]*)\]/i.exec(text);
  if (own) {
    const at = { line, character: own.index + own[1].length + own[2].length };
    return { range: { start: at, end: at }, newText: `${own[2].trim() ? ', ' : ''}${finding.rule}` };
  }
  const at = { line, character: text.length };
  const marker = language === 'python' ? '#' : '//';
  return { range: { start: at, end: at }, newText: `  ${marker} readiness: ignore[${finding.rule}] reason: ` };
}
