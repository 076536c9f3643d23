import type { Finding, RuleMeta } from '../../types';
import type { ProjectModel } from '../../project/model';

/** A rule that needs the whole project (routes defined in one module, the app in another). */
export interface ProjectRule {
  meta: RuleMeta;
  check(model: ProjectModel): Finding[];
}
