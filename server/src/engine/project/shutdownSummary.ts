// Graceful shutdown in a TS/JS file: something that handles SIGTERM. Node's default on SIGTERM is to exit
// at once, so without a handler every deploy, scale-down or node drain cuts off the requests in flight.
import ts from 'typescript';
import type { ModuleBindings } from '../parse/tsimports';
import { unwrap } from '../parse/tsast';

/** Packages that close the server on SIGTERM themselves (`@nestjs/terminus` is not one: it needs `enableShutdownHooks()`). */
const SHUTDOWN_PACKAGES = new Set(['close-with-grace', '@godaddy/terminus', 'http-terminator', 'lightship', 'stoppable',
  'http-graceful-shutdown', 'fastify-graceful-shutdown', '@hapi/hapi', 'death', 'async-exit-hook', 'exit-hook']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const STOP_SIGNAL = /^SIG(TERM|INT)$/;

/** How the file handles shutdown (`process.on('SIGTERM')`, `enableShutdownHooks()`, a package), if it does. */
export function shutdownHandling(text: string, calls: readonly ts.CallExpression[], bindings: ModuleBindings): string | undefined {
  for (const ref of bindings.values()) if (SHUTDOWN_PACKAGES.has(ref.module)) return ref.module;
  if (!/SIG(TERM|INT)|enableShutdownHooks/.test(text)) return undefined;
  const namesSignal = /['"`]SIG(TERM|INT)['"`]/.test(text);
  for (const call of calls) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const method = callee.name.text;
    if (method === 'enableShutdownHooks') return 'enableShutdownHooks()';
    if (!LISTENER_METHODS.has(method) || !isProcess(callee.expression, bindings)) continue;
    const signal = call.arguments[0] && unwrap(call.arguments[0]);
    if (!signal) continue;
    // a literal signal, or a loop variable over a list that names one: `for (const s of ['SIGINT', 'SIGTERM']) process.once(s, …)`
    if ((ts.isStringLiteralLike(signal) && STOP_SIGNAL.test(signal.text)) || (ts.isIdentifier(signal) && namesSignal)) return `process.${method}('SIGTERM')`;
  }
  return undefined;
}

/** `process`, `globalThis.process`, or `process` imported from 'process' / 'node:process'. */
function isProcess(expr: ts.Expression, bindings: ModuleBindings): boolean {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) {
    const bound = bindings.get(e.text);
    return bound ? /^(node:)?process$/.test(bound.module) : e.text === 'process';
  }
  return ts.isPropertyAccessExpression(e) && e.name.text === 'process' && ts.isIdentifier(e.expression) && e.expression.text === 'globalThis';
}
