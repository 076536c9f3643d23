// Which served paths to point probes at, from the route graph.
import { isHealthPath } from './model';
import type { RouteGraph } from './routeGraph';

const LIVENESS = /(^|\/)(live|livez|liveness|healthz|health|ping|_health)$/;

/** Every health path the apps serve, liveness-like ones first (a container probe should not depend on the DB). */
export function servedHealthPaths(graph: RouteGraph): string[] {
  const paths = [...new Set(graph.apps.flatMap((a) => a.routes.map((r) => r.path)).filter(isHealthPath))];
  return paths.sort((a, b) => Number(!LIVENESS.test(a)) - Number(!LIVENESS.test(b)) || a.length - b.length);
}

/** `/health/` and `/health` are one route. */
export function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** Every path the apps serve, as `normalize` writes it (trailing slash dropped by default). */
export function servedPaths(graph: RouteGraph, normalize: (p: string) => string = trimSlash): Set<string> {
  return new Set(graph.apps.flatMap((a) => a.routes.map((r) => normalize(r.path))));
}

/** True when every include reached from every app was followed, so "not served" is a fact, not a guess. */
export function graphIsComplete(graph: RouteGraph): boolean {
  return graph.apps.length > 0 && graph.apps.every((a) => a.unresolved.length === 0);
}

/** The port the apps listen on when they all agree (`app.listen(3000)`), for images that EXPOSE nothing. */
export function appListenPort(graph: RouteGraph): number | undefined {
  const ports = new Set(graph.apps.map((a) => a.app.listenPort).filter((p): p is number => p !== undefined));
  return ports.size === 1 ? [...ports][0] : undefined;
}
