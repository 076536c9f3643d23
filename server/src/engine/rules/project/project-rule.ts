import type { Finding, Fix, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';

/** A rule that needs the whole project (routes defined in one module, the app in another). */
export interface ProjectRule {
  meta: RuleMeta;
  check(model: ProjectModel): Finding[];
}

/**
 * The finding with its fixes built on first read: a health module per app is costly to lay out, and after
 * an edit in a large workspace the rules run again while only the light bulb (or the CLI) reads fixes.
 * A fix that fails to build is reported on stderr (the server's output channel) and offered as none.
 */
export function lazyFixes(finding: Omit<Finding, 'fixes'>, build: () => Fix[]): Finding {
  let built: Fix[] | undefined;
  const read = (): Fix[] => {
    if (built) return built;
    try {
      built = build();
    } catch (error) {
      console.error(`readiness: the fix of ${finding.rule} for ${finding.file} failed: ${(error as Error)?.stack ?? error}`);
      built = [];
    }
    return built;
  };
  return Object.defineProperty(finding, 'fixes', {
    enumerable: true, configurable: true, get: read,
    set: (value: Fix[]) => { built = value; },
  }) as Finding;
}
