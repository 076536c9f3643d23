// Health, probes and shutdown: project-level, from the route graph.
import type { RuleGroup } from './group';
import { missingHealthRoute } from '../project/missing-health-route';
import { dockerfileMissingHealthcheck } from '../project/dockerfile-missing-healthcheck';
import { healthcheckRouteMismatch } from '../project/healthcheck-route-mismatch';
import { healthcheckToolMissing } from '../project/healthcheck-tool-missing';
import { dockerfileRunsAsRoot } from '../project/dockerfile-runs-as-root';
import { probeRouteMismatch } from '../project/probe-route-mismatch';
import { missingProbes } from '../project/missing-probes';
import { missingReadinessRoute } from '../project/missing-readiness-route';
import { readinessWithoutDependencyCheck } from '../project/readiness-without-dependency-check';
import { missingGracefulShutdown } from '../project/missing-graceful-shutdown';

export const healthRules: RuleGroup = { python: [], project: [missingHealthRoute, missingReadinessRoute, readinessWithoutDependencyCheck, dockerfileMissingHealthcheck, healthcheckRouteMismatch, healthcheckToolMissing, dockerfileRunsAsRoot, missingProbes, probeRouteMismatch, missingGracefulShutdown] };
