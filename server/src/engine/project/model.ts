// The cross-file view rules and the checklist work from: every file's summary plus the project facts.
import type { ProjectFacts } from '../workspace/facts';
import type { SummaryEntry } from './summary';

export interface ProjectModel {
  root: string;
  facts: ProjectFacts;
  summaries: SummaryEntry[];
  /** Every analysed file (absolute paths), so fixes that create files can avoid existing names. */
  files: ReadonlySet<string>;
}

/** Path segments that name a liveness or readiness endpoint (documented in docs/rules/missing-health-route.md). */
const HEALTH_SEGMENTS = new Set(['health', 'healthz', 'healthcheck', 'health-check', 'health_check', '_health',
  'livez', 'readyz', 'live', 'liveness', 'ready', 'readiness', 'ping']);

export function isHealthPath(path: string): boolean {
  return path.toLowerCase().split('/').some((segment) => HEALTH_SEGMENTS.has(segment));
}
