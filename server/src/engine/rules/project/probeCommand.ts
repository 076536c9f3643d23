// The HEALTHCHECK command our fixes write: one that runs with what the image has, never a tool it lacks.
import type { DockerfileSummary } from '../../project/summary';

/** Python's urllib, Node's http module, else curl or wget when the image has them (python when nothing is known). */
export function probeCommand(docker: Pick<DockerfileSummary, 'tools'>, url: string): string {
  const has = (tool: string) => docker.tools.includes(tool);
  // `node -e` runs as CommonJS whatever the package type; http.get works on every Node version (fetch needs 18)
  if (has('node') && !has('python')) return `node -e "require('http').get('${url}', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"`;
  if (has('python') || (!has('curl') && !has('wget'))) return `python -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('${url}', timeout=2).status == 200 else 1)"`;
  return has('curl') ? `curl -fsS ${url} || exit 1` : `wget -qO- ${url} || exit 1`;
}
