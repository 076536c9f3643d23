// The rule registry: every rule, in the order docs and reports list them.
import type { RuleMeta } from '../types';
import type { PythonRule } from './context';
import type { ScriptRule } from './scriptContext';
import type { TypedScriptRule } from './typedContext';
import type { ProjectRule } from './project/project-rule';
import { errorHandlingRules } from './groups/errorHandling';
import { deprecationRules } from './groups/deprecations';
import { pydanticRules } from './groups/pydantic';
import { secretRules } from './groups/secrets';
import { healthRules } from './groups/health';
import { unusedIgnoreMeta } from './meta/unused-ignore';
import { ignoreWithoutReasonMeta } from './meta/ignore-without-reason';

const GROUPS = [errorHandlingRules, deprecationRules, pydanticRules, secretRules, healthRules];

export const PYTHON_RULES: readonly PythonRule[] = GROUPS.flatMap((g) => g.python);
export const SCRIPT_RULES: readonly ScriptRule[] = GROUPS.flatMap((g) => g.script ?? []);
export const TYPED_SCRIPT_RULES: readonly TypedScriptRule[] = GROUPS.flatMap((g) => g.typed ?? []);
export const PROJECT_RULES: readonly ProjectRule[] = GROUPS.flatMap((g) => g.project);
/** Rules about our own ignore comments, computed by the workspace index once all findings are known. */
export const META_RULES: readonly RuleMeta[] = [unusedIgnoreMeta, ignoreWithoutReasonMeta];
/** Every rule once (a rule implemented for several languages shares one meta). */
export const ALL_RULES: readonly RuleMeta[] = [...new Set([...[...PYTHON_RULES, ...SCRIPT_RULES, ...TYPED_SCRIPT_RULES, ...PROJECT_RULES].map((r) => r.meta), ...META_RULES])];

export function ruleMeta(id: string): RuleMeta | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

/** Where each rule's documentation page is published (SARIF helpUri, CLI, "Show documentation"). */
export const HOMEPAGE = 'https://github.com/production-readiness/production-readiness';
export const DOCS_URL_BASE = `${HOMEPAGE}/blob/main/docs/rules/`;
export function docsUrl(id: string): string { return `${DOCS_URL_BASE}${id}.md`; }
