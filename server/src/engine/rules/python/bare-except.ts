// bare-except: `except:` whose handler neither re-raises nor logs the traceback. Semantics after Ruff
// E722 as refined for BLE001 (a bare `raise`, or logging the traceback, makes the handler fine).
import type { RuleMeta } from '../../types';
import type { PythonRule } from '../context';
import { checkCatchAll } from './catchall';

const meta: RuleMeta = {
  id: 'bare-except',
  family: 'error-handling',
  category: 'Error handling',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'A bare `except:` that neither re-raises nor logs the traceback swallows every error, even `KeyboardInterrupt` and `SystemExit`.',
  fixSafety: 'unsafe',
  foreignCodes: ['E722', 'W0702', 'bare-except'],
};

export const bareExcept: PythonRule = { meta, check: (file, facts) => checkCatchAll(file, facts, meta, 'bare') };
