// Secrets and the hardening items next to them (CORS, debug, timeouts).
import type { RuleGroup } from './group';
import { secretDefault } from '../python/secret-default';

export const secretRules: RuleGroup = { python: [secretDefault], project: [] };
