// Output formats of `readiness check`: text (for people), json (documented shape), sarif 2.1.0, markdown.
import type * as Sarif from 'sarif';
import type { Checklist, Finding, Severity } from '../engine/types';
import { ALL_RULES, HOMEPAGE, docsUrl } from '../engine/rules/index';
import { markdownReport } from '../engine/report/markdown';
import { relativePath } from '../engine/report/relative';

export interface Report { root: string; findings: Finding[]; checklist: Checklist; version: string }

export function preferredFix(f: Finding) { return f.fixes.find((x) => x.preferred) ?? f.fixes[0]; }

export function formatJson(r: Report): string {
  return JSON.stringify({
    version: r.version,
    root: r.root,
    findings: r.findings.map((f) => {
      const fix = preferredFix(f);
      return {
        rule: f.rule, family: f.family, severity: f.severity, file: relativePath(r.root, f.file),
        line: f.range.start.line + 1, column: f.range.start.character + 1,
        endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1,
        message: f.message, fix: fix ? { safety: fix.safety, description: fix.title } : null,
      };
    }),
    checklist: {
      score: r.checklist.score,
      items: r.checklist.items.map((i) => ({
        id: i.id, category: i.category, status: i.status, title: i.title, reason: i.reason,
        evidence: i.evidence.map((e) => ({ file: relativePath(r.root, e.file), line: e.range.start.line + 1 })),
      })),
    },
  }, null, 2);
}

const SARIF_LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(r: Report): string {
  const rules = ALL_RULES.map((m): Sarif.ReportingDescriptor => ({
    id: m.id, name: m.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: m.summary }, helpUri: docsUrl(m.id),
    defaultConfiguration: { level: SARIF_LEVEL[m.defaultSeverity] },
    properties: { family: m.family, category: m.category, fixSafety: m.fixSafety },
  }));
  const log: Sarif.Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'Production Readiness', semanticVersion: r.version, informationUri: HOMEPAGE, rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToUri(r.root) } },
      results: r.findings.map((f): Sarif.Result => ({
        ruleId: f.rule, ruleIndex: rules.findIndex((x) => x.id === f.rule), level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: {
          artifactLocation: { uri: encodeURI(relativePath(r.root, f.file)), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
        } }],
      })),
      properties: { readinessScore: r.checklist.score },
    }],
  };
  return JSON.stringify(log, null, 2);
}

function pathToUri(p: string): string {
  const posix = p.split('\\').join('/');
  return `file://${encodeURI(posix.startsWith('/') ? posix : `/${posix}`)}${posix.endsWith('/') ? '' : '/'}`;
}

export function formatMarkdown(r: Report): string {
  return markdownReport(r.root, r.root.split(/[\\/]/).filter(Boolean).pop() ?? r.root, r.checklist, r.findings);
}

export function formatText(r: Report, color: boolean): string {
  const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '2' };
  const lines: string[] = [];
  for (const f of r.findings) {
    const fix = preferredFix(f);
    const mark = fix && fix.safety !== 'display-only' ? (fix.safety === 'safe' ? ' [*]' : ' [~]') : '';
    lines.push(`${c('1', relativePath(r.root, f.file))}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${c(sevColor[f.severity], f.severity)} ${c('2', f.rule)}${mark} ${f.message}`);
  }
  if (r.findings.length) lines.push('');
  const safe = r.findings.filter((f) => preferredFix(f)?.safety === 'safe').length;
  const unsafe = r.findings.filter((f) => preferredFix(f)?.safety === 'unsafe').length;
  lines.push(`${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}` +
    (safe ? `; ${safe} fixable with --fix [*]` : '') + (unsafe ? `; ${unsafe} more with --fix --unsafe-fixes [~]` : ''));
  lines.push('', c('1', `Readiness checklist: ${r.checklist.score === null ? 'n/a' : `${r.checklist.score}%`}`));
  const icon = { pass: c('32', 'pass'), warn: c('33', 'warn'), fail: c('31', 'FAIL'), 'n/a': c('2', 'n/a ') };
  for (const i of r.checklist.items) lines.push(`  ${icon[i.status]}  ${i.category}: ${i.title} (${i.reason})`);
  return lines.join('\n');
}
