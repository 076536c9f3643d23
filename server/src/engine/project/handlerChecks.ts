// What a health route's handler does, from its calls: does it check a dependency (a `SELECT 1`, a Redis
// `ping`, Nest terminus' `pingCheck`, a project helper named `check_database`), or answer a constant
// whatever the state of the service? Names only, shared by the Python and TS/JS summaries; anything else is
// left undecided, so no finding rests on a guess.

/** Calls that reach a database, cache or other dependency. */
const CHECK_EXACT = /^(execute|exec_driver_sql|scalar|scalars|fetch\w*|query|\$queryRaw\w*|\$executeRaw\w*|command|raw|authenticate|acquire|connect|get_connection|getConnection|is_connected|isConnected|info)$/;
/** Functions (not classes) named for checking: `ping`, `check_db`, `isHealthy`, `pingCheck`, `healthCheck`. */
const CHECK_WORD = /^[a-z_$][\w$]*$/;
const CHECK_PART = /ping|check|health/i;
/** Calls that only build the answer: `res.json(...)`, `reply.send(...)`, `jsonify(...)`, a class (`JSONResponse`, `HealthOut`). */
const RESPONSE_CALL = /^(jsonify|make_response|dict|json|send|sendStatus|status|end|code|header|set|type|now|utcnow|time|isoformat|toISOString|uptime)$|^[A-Z]/;

export type HandlerKind = 'checks' | 'constant' | 'unknown';

/** `calls`: the last name of every call in the handler (`db.execute` → `execute`); `awaits`: how many `await`s it has. */
export function classifyHandler(calls: string[], awaits: number): HandlerKind {
  if (calls.some((c) => CHECK_EXACT.test(c) || (CHECK_WORD.test(c) && CHECK_PART.test(c)))) return 'checks';
  if (awaits === 0 && calls.every((c) => RESPONSE_CALL.test(c))) return 'constant';
  return 'unknown';
}

/** Paths that name a readiness endpoint (as opposed to liveness). */
export function isReadinessPath(path: string): boolean {
  return /(^|\/)(ready|readyz|readiness)$/i.test(path.replace(/\/+$/, ''));
}
