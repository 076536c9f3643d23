// Health and probes: project-level, from the route graph.
import type { RuleGroup } from './group';
import { missingHealthRoute } from '../project/missing-health-route';
import { dockerfileMissingHealthcheck } from '../project/dockerfile-missing-healthcheck';
import { healthcheckRouteMismatch } from '../project/healthcheck-route-mismatch';

export const healthRules: RuleGroup = { python: [], project: [missingHealthRoute, dockerfileMissingHealthcheck, healthcheckRouteMismatch] };
