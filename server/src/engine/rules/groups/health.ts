// Health and probes: project-level, from the route graph.
import type { RuleGroup } from './group';
import { missingHealthRoute } from '../project/missing-health-route';

export const healthRules: RuleGroup = { python: [], project: [missingHealthRoute] };
