// Runs the type-aware TS/JS rules on one file of a TypeProjects. Returns raw findings: the workspace index
// applies the file's suppression comments and severities when it stores them (setTypedFindings).
import type { Finding } from '../types';
import type { ProjectFacts } from '../workspace/facts';
import type { TypeProjects } from './typeProjects';
import { TYPED_SCRIPT_RULES } from '../rules/index';
import { runRules, type RuleErrorHandler } from '../analyzeFile';

export function runTypedRules(projects: TypeProjects, file: string, facts: ProjectFacts,
  enabled: (rule: string) => boolean, onRuleError?: RuleErrorHandler): Finding[] {
  const rules = TYPED_SCRIPT_RULES.filter((r) => enabled(r.meta.id));
  if (rules.length === 0) return [];
  const found = projects.programFor(file);
  if (!found) return [];
  const checker = found.program.getTypeChecker();
  const typed = { file, text: found.source.text, source: found.source, checker, deprecated: () => projects.deprecatedDiagnostics(file) };
  return runRules(rules, typed, facts, () => true, file, onRuleError);
}
