import type { PythonRule } from '../context';
import type { ScriptRule } from '../scriptContext';
import type { TypedScriptRule } from '../typedContext';
import type { ProjectRule } from '../project/project-rule';

/**
 * The rules of one family, registered together. A rule that exists for several languages has one file
 * per language (`python/hardcoded-secret.ts`, `ts/hardcoded-secret.ts`) sharing one meta.
 */
export interface RuleGroup {
  python: PythonRule[];
  /** TS/JS rules on the syntax tree (per keystroke). */
  script?: ScriptRule[];
  /** TS/JS rules that need the type checker (off the typing path). */
  typed?: TypedScriptRule[];
  project: ProjectRule[];
}
