// Which exceptions a `try` body can raise, inferred from the calls in it. Used by broad-except's fix.
// The table is data so it can grow (issue: narrowing for SQLAlchemy, redis, boto3, …).
import type { Node } from 'web-tree-sitter';
import { descendantsInScope } from '../../parse/pyast';
import { qualify, type ImportTable } from '../../parse/pyimports';

/** An exception to catch: a builtin (`module` empty) or `module.name`. */
export interface ExceptionRef { module: string; name: string }

interface NarrowingEntry { calls: RegExp; raises: ExceptionRef[] }

const builtin = (name: string): ExceptionRef => ({ module: '', name });

/** Qualified callee name (through the file's imports; builtins as `builtins.x`) → what it raises. */
export const NARROWING_TABLE: NarrowingEntry[] = [
  { calls: /^json\.(loads|load)$/, raises: [{ module: 'json', name: 'JSONDecodeError' }] },
  { calls: /^builtins\.(int|float|complex)$/, raises: [builtin('ValueError')] },
  { calls: /^decimal\.Decimal$/, raises: [{ module: 'decimal', name: 'InvalidOperation' }] },
  { calls: /^(builtins\.open|os\.[a-z_]+|os\.path\.[a-z_]+|shutil\.[a-z_]+|io\.open)$/, raises: [builtin('OSError')] },
  { calls: /^requests\.[a-z_]+(\.[a-z_]+)?$/, raises: [{ module: 'requests', name: 'RequestException' }] },
  { calls: /^httpx\.[a-z_]+$/, raises: [{ module: 'httpx', name: 'HTTPError' }] },
  { calls: /^subprocess\.(run|check_call|check_output)$/, raises: [{ module: 'subprocess', name: 'CalledProcessError' }] },
  { calls: /^asyncio\.wait_for$/, raises: [builtin('TimeoutError')] },
];

/** Builtin callables we recognise without an import. */
const BUILTINS = new Set(['int', 'float', 'complex', 'open']);

export function inferRaisedExceptions(tryBody: Node, imports: ImportTable): ExceptionRef[] {
  const found: ExceptionRef[] = [];
  for (const call of descendantsInScope(tryBody, ['call'])) {
    const fn = call.childForFieldName('function');
    let name = qualify(fn, imports);
    if (!name && fn?.type === 'identifier' && BUILTINS.has(fn.text)) name = `builtins.${fn.text}`;
    if (!name) continue;
    const entry = NARROWING_TABLE.find((e) => e.calls.test(name!));
    for (const ref of entry?.raises ?? []) {
      if (!found.some((f) => f.module === ref.module && f.name === ref.name)) found.push(ref);
    }
  }
  return found;
}
