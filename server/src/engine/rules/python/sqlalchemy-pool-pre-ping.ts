// sqlalchemy-pool-pre-ping: a pooled SQLAlchemy engine that hands out connections without checking them
// (`create_engine(url)` without `pool_pre_ping=True`). After a database restart, a failover or an idle
// timeout on the server or a proxy, the first request on each stale connection fails.
import type { Node } from 'web-tree-sitter';
import type { Finding, RuleMeta } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, positionalArguments, stringValue } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import { appendArgumentEdits, callsOf } from './configClasses';
import { ENGINE_FACTORY } from '../../project/pythonSummary';

const meta: RuleMeta = {
  id: 'sqlalchemy-pool-pre-ping',
  family: 'hardening',
  category: 'Resilience',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'A SQLAlchemy engine without `pool_pre_ping=True` fails requests on stale pooled connections after a database restart or idle timeout.',
  fixSafety: 'unsafe',
};

/** Pool classes that keep no idle connections, so there is nothing stale to check. */
const NO_POOL = /(^|\.)(NullPool|StaticPool|AssertionPool)$/;

function check(file: PythonFile): Finding[] {
  if (!file.text.includes('create_')) return [];
  const findings: Finding[] = [];
  for (const { call, fn, fnText } of callsOf(file)) {
    if (!fnText.includes('engine') || !ENGINE_FACTORY.test(qualify(fn, file.imports) ?? '')) continue;
    if (!needsPrePing(call, file)) continue;
    findings.push(makeFinding(meta, file.file, fn,
      `\`${fn.text}(...)\` hands out pooled connections without checking them: after a database restart, a failover, or an idle timeout on the server or a proxy, the first request on each stale connection fails. Pass \`pool_pre_ping=True\` (one cheap round-trip when a connection leaves the pool).`,
      [{ title: 'Add `pool_pre_ping=True`', safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits: appendArgumentEdits(file, call, 'pool_pre_ping=True') }] }]));
  }
  return findings;
}

function needsPrePing(call: Node, file: PythonFile): boolean {
  const args = call.childForFieldName('arguments');
  if (!args || args.namedChildren.some((a) => a?.type === 'dictionary_splat')) return false; // **options may set it
  if (keywordArgument(call, 'pool_pre_ping')) return false; // set either way: `False` is a decision
  const pool = keywordArgument(call, 'poolclass');
  if (pool && NO_POOL.test(qualify(pool, file.imports) ?? pool.text)) return false;
  const url = stringValue(positionalArguments(call)[0] ?? keywordArgument(call, 'url'));
  return !url?.startsWith('sqlite'); // a file or memory database: no server to go away
}

export const sqlalchemyPoolPrePing: PythonRule = { meta, check };
