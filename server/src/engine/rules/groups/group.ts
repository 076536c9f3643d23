import type { PythonRule } from '../context';
import type { ProjectRule } from '../project/project-rule';

/** The rules of one family, registered together. */
export interface RuleGroup { python: PythonRule[]; project: ProjectRule[] }
