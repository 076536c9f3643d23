// The rule registry: every rule, in the order docs and reports list them.
import type { RuleMeta } from '../types';
import type { PythonRule } from './context';
import type { ProjectRule } from './project/project-rule';
import { errorHandlingRules } from './groups/errorHandling';
import { deprecationRules } from './groups/deprecations';
import { pydanticRules } from './groups/pydantic';
import { secretRules } from './groups/secrets';
import { healthRules } from './groups/health';

const GROUPS = [errorHandlingRules, deprecationRules, pydanticRules, secretRules, healthRules];

export const PYTHON_RULES: readonly PythonRule[] = GROUPS.flatMap((g) => g.python);
export const PROJECT_RULES: readonly ProjectRule[] = GROUPS.flatMap((g) => g.project);
export const ALL_RULES: readonly RuleMeta[] = [...PYTHON_RULES, ...PROJECT_RULES].map((r) => r.meta);

export function ruleMeta(id: string): RuleMeta | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

/** Where each rule's documentation page is published (SARIF helpUri, CLI, "Show documentation"). */
export const HOMEPAGE = 'https://github.com/production-readiness/production-readiness';
export const DOCS_URL_BASE = `${HOMEPAGE}/blob/main/docs/rules/`;
export function docsUrl(id: string): string { return `${DOCS_URL_BASE}${id}.md`; }
