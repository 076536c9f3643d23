// ignore-without-reason: an own `readiness: ignore[…]` comment with no reason after the bracket.
// Found together with unused-ignore (rules/meta/unused-ignore.ts), which reads the same comments.
import type { RuleMeta } from '../../types';

export const ignoreWithoutReasonMeta: RuleMeta = {
  id: 'ignore-without-reason', family: 'error-handling', category: 'Error handling', defaultSeverity: 'info',
  languages: ['python', 'typescript', 'javascript'],
  summary: 'A `readiness: ignore[…]` comment should say why, so reviewers can judge it later.',
  fixSafety: 'none',
};
