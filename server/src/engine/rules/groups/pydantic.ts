// Pydantic v1 idioms under Pydantic 2.
import type { RuleGroup } from './group';

export const pydanticRules: RuleGroup = { python: [], project: [] };
