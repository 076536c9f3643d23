// Error handling: handlers that hide failures.
import type { RuleGroup } from './group';
import { broadExcept } from '../python/broad-except';

export const errorHandlingRules: RuleGroup = { python: [broadExcept], project: [] };
