import type { PythonRule } from '../context';
import type { ScriptRule } from '../scriptContext';
import type { ProjectRule } from '../project/project-rule';

/**
 * The rules of one family, registered together. A rule that exists for several languages has one file
 * per language (`python/hardcoded-secret.ts`, `ts/hardcoded-secret.ts`) sharing one meta.
 */
export interface RuleGroup { python: PythonRule[]; script?: ScriptRule[]; project: ProjectRule[] }
