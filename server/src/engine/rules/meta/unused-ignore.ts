// unused-ignore / ignore-without-reason: our own `readiness: ignore[…]` comments that silence nothing
// (stale after a fix, or a typo in the rule id) or give no reason. After Ruff RUF100.
import type { Finding, RuleMeta, TextEdit } from '../../types';
import type { LineSuppression, SuppressionUsage } from '../../suppress';
import { ignoreWithoutReasonMeta } from './ignore-without-reason';

export const unusedIgnoreMeta: RuleMeta = {
  id: 'unused-ignore', family: 'error-handling', category: 'Error handling', defaultSeverity: 'info',
  languages: ['python', 'typescript', 'javascript'],
  summary: 'A `readiness: ignore[…]` comment that silences nothing is stale or names an unknown rule.',
  fixSafety: 'safe', foreignCodes: ['RUF100'],
};

/**
 * Findings for own comments: unused codes (fix: drop them, or the whole comment) and missing reasons.
 * `knownRule` tells typos from rules that exist; `enabled` skips codes of rules switched off.
 */
export function ignoreCommentFindings(file: string, suppressions: Map<number, LineSuppression[]>,
  usage: SuppressionUsage, knownRule: (id: string) => boolean, enabled: (id: string) => boolean): Finding[] {
  const findings: Finding[] = [];
  for (const [line, list] of suppressions) {
    for (const s of list) {
      if (s.kind !== 'own' || s.start === undefined || s.end === undefined) continue;
      const range = { start: { line, character: s.start }, end: { line, character: s.end } };
      const unknown = s.codes.filter((c) => !knownRule(c));
      const unused = s.codes.length === 0
        ? (usage.has(`${line}:*`) ? [] : ['*'])
        : s.codes.filter((c) => knownRule(c) ? enabled(c) && !usage.has(`${line}:${c}`) : true);
      if (unused.length) {
        const kept = s.codes.filter((c) => !unused.includes(c));
        const what = unused[0] === '*' ? 'silences nothing on this line'
          : `has ${unused.map((c) => `\`${c}\``).join(', ')} that ${unused.length === 1 ? 'silences' : 'silence'} nothing here` +
            (unknown.length ? ` (unknown rule: ${unknown.join(', ')})` : '');
        findings.push({
          rule: unusedIgnoreMeta.id, family: unusedIgnoreMeta.family, severity: unusedIgnoreMeta.defaultSeverity, file, range,
          message: `This \`readiness: ignore\` comment ${what}.`, tags: ['unnecessary'],
          fixes: [{ title: kept.length ? `Remove ${unused.join(', ')} from the ignore comment` : 'Remove the unused ignore comment',
            safety: 'safe', preferred: true, edits: [{ file, edits: [kept.length ? rewrite(line, s, kept) : removal(line, s)] }] }],
        });
      } else if (!s.reason) {
        findings.push({
          rule: ignoreWithoutReasonMeta.id, family: ignoreWithoutReasonMeta.family, severity: ignoreWithoutReasonMeta.defaultSeverity,
          file, range, message: 'Say why this finding is ignored, after the bracket: `readiness: ignore[rule] <reason>`.', fixes: [],
        });
      }
    }
  }
  return findings;
}

function rewrite(line: number, s: LineSuppression, kept: string[]): TextEdit {
  const open = s.lineText!.indexOf('[', s.start);
  return { range: { start: { line, character: open + 1 }, end: { line, character: s.end! - 1 } }, newText: kept.join(', ') };
}

/** The whole comment (to the end of the line) and the spaces before it; a comment-only line goes entirely. */
function removal(line: number, s: LineSuppression): TextEdit {
  const text = s.lineText!;
  if (s.ownLine) {
    // To the start of the next line (clamped to the end of the text when this is the last line).
    return { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' };
  }
  let start = s.start!;
  while (start > 0 && /\s/.test(text[start - 1])) start--;
  return { range: { start: { line, character: start }, end: { line, character: text.length } }, newText: '' };
}
