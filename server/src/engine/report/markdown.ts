// The Markdown readiness report: what a team pastes into a PR. Same score and items as everywhere else.
import type { Checklist, ChecklistStatus, Finding } from '../types';
import { relativePath } from './relative';

const ICON: Record<ChecklistStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', 'n/a': '➖' };

export function markdownReport(root: string, name: string, checklist: Checklist, findings: Finding[]): string {
  const out: string[] = [];
  const score = checklist.score === null ? 'n/a' : `${checklist.score}%`;
  out.push(`# Production readiness: ${name}`, '', `**Readiness score: ${score}** · ${findings.length} finding${findings.length === 1 ? '' : 's'}`, '');
  const categories = [...new Set(checklist.items.map((i) => i.category))];
  for (const category of categories) {
    out.push(`## ${category}`, '', '| Status | Item | Details |', '| --- | --- | --- |');
    for (const item of checklist.items.filter((i) => i.category === category)) {
      out.push(`| ${ICON[item.status]} ${item.status} | ${escape(item.title)} | ${escape(item.reason)} |`);
    }
    out.push('');
    for (const item of checklist.items.filter((i) => i.category === category && (i.status === 'fail' || i.status === 'warn'))) {
      if (item.evidence.length === 0) continue;
      out.push(`<details><summary>${escape(item.title)}: evidence</summary>`, '');
      for (const e of item.evidence) out.push(`- \`${relativePath(root, e.file)}:${e.range.start.line + 1}\``);
      out.push('', '</details>', '');
    }
  }
  const failing = checklist.items.filter((i) => i.status === 'fail' || i.status === 'warn');
  if (failing.length) {
    out.push('## Next steps', '');
    for (const item of failing) out.push(`- [ ] ${escape(item.title)}: ${escape(item.reason)}${item.fixes[0] ? ` (quick fix: ${escape(item.fixes[0].title)})` : ''}`);
    out.push('');
  }
  if (findings.length) {
    out.push('## Findings', '', '| Location | Rule | Message |', '| --- | --- | --- |');
    for (const f of findings) {
      out.push(`| \`${relativePath(root, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}\` | ${f.rule} | ${escape(f.message)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function escape(s: string): string { return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' '); }
