// The rule registry: every rule, in the order docs and reports list them.
import type { RuleMeta } from '../types';
import type { PythonRule } from './context';
import type { ProjectRule } from './project/project-rule';
import { broadExcept } from './python/broad-except';
import { datetimeUtcnow } from './python/datetime-utcnow';
import { deprecatedTypingAlias } from './python/deprecated-typing-alias';
import { secretDefault } from './python/secret-default';
import { missingHealthRoute } from './project/missing-health-route';

export const PYTHON_RULES: readonly PythonRule[] = [broadExcept, datetimeUtcnow, deprecatedTypingAlias, secretDefault];
export const PROJECT_RULES: readonly ProjectRule[] = [missingHealthRoute];
export const ALL_RULES: readonly RuleMeta[] = [...PYTHON_RULES, ...PROJECT_RULES].map((r) => r.meta);

export function ruleMeta(id: string): RuleMeta | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

/** Where each rule's documentation page is published (SARIF helpUri, CLI, "Show documentation"). */
export const HOMEPAGE = 'https://github.com/production-readiness/production-readiness';
export const DOCS_URL_BASE = `${HOMEPAGE}/blob/main/docs/rules/`;
export function docsUrl(id: string): string { return `${DOCS_URL_BASE}${id}.md`; }
