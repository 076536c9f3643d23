// Deprecated APIs: fire only where the project's versions have the replacement.
import type { RuleGroup } from './group';
import { datetimeUtcnow } from '../python/datetime-utcnow';
import { deprecatedTypingAlias } from '../python/deprecated-typing-alias';

export const deprecationRules: RuleGroup = { python: [datetimeUtcnow, deprecatedTypingAlias], project: [] };
