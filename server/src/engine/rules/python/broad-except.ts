// broad-except: `except Exception` / `except BaseException` (also in a tuple) whose handler neither
// re-raises nor logs the traceback. Semantics after Ruff BLE001. Bare `except:` is bare-except.
import type { RuleMeta } from '../../types';
import type { PythonRule } from '../context';
import { checkCatchAll } from './catchall';

const meta: RuleMeta = {
  id: 'broad-except',
  family: 'error-handling',
  category: 'Error handling',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: '`except Exception` that neither re-raises nor logs the traceback hides bugs and outages.',
  fixSafety: 'unsafe',
  foreignCodes: ['BLE001', 'W0718', 'W0703', 'broad-exception-caught', 'broad-except'],
};

export const broadExcept: PythonRule = { meta, check: (file, facts) => checkCatchAll(file, facts, meta, 'typed') };
