// What the probe rules need from Kubernetes manifests: every workload's containers, their ports and
// their liveness/readiness/startup probes, with the ranges of the values (read with the `yaml` package;
// data only). Helm templates and other YAML that does not parse, or is not a workload, give nothing.
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode, type YAMLMap } from 'yaml';
import { LineIndex } from '../text';
import { PROBE_URL } from './dockerfileSummary';
import type { Range } from '../types';

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

export interface ProbeSite {
  kind: ProbeKind;
  /** `httpGet.path` and `httpGet.port` (a number or a port name), when the probe is an HTTP GET. */
  path?: { value: string; range: Range };
  port?: { value: number | string; range: Range };
}

export interface ContainerSite {
  name: string;
  /** The container's `name:` value, where findings about the container go. */
  range: Range;
  ports: { name?: string; port: number }[];
  probes: ProbeSite[];
  /**
   * Where new probe keys go: the start of the line after the container's last line, or the end of the
   * document (with a line break first) when the container ends it; and the indentation of its keys.
   */
  insertAt: { line: number; character: number };
  insertPrefix: string;
  indent: string;
}

export interface ManifestSummary {
  workloads: { kind: string; name: string; containers: ContainerSite[] }[];
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job', 'CronJob', 'DeploymentConfig', 'Rollout']);
const PROBES: ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** YAML files that may be manifests: read, then kept only if a document is a workload. */
export function isManifestCandidate(rel: string): boolean {
  return /\.ya?ml$/i.test(rel) && !/(^|\/)(\.github|\.gitlab|\.circleci)\//.test(rel) && !/(^|\/)(pnpm-lock|\.pre-commit-config|mkdocs|\.gitlab-ci|codecov|dependabot)\.ya?ml$/i.test(rel);
}

export function summarizeManifest(text: string): ManifestSummary | undefined {
  // cheap test first: most YAML in a repository (CI, OpenAPI, configs) is not a workload
  if (!/^[ \t\uFEFF]*kind:[ \t]*["']?\w/m.test(text) || !/^[ \t\uFEFF]*apiVersion:/m.test(text)) return undefined; // [ \t], not \s: no backtracking across blank lines
  let docs;
  try { docs = parseAllDocuments(text, { uniqueKeys: false }); } catch { return undefined; }
  if (!Array.isArray(docs)) return undefined; // an empty stream
  const lineIndex = new LineIndex(text); // the engine's lines (a lone \r breaks a line too), not yaml's
  const pos = (offset: number) => lineIndex.positionAt(offset);
  const rangeOf = (n: YamlNode): Range => ({ start: pos(n.range![0]), end: pos(n.range![1]) });
  const lines = text.split(/\r\n|\r|\n/);
  const workloads: ManifestSummary['workloads'] = [];
  for (const doc of docs) {
    if (doc.errors.length || !isMap(doc.contents)) continue;
    const kind = scalar(doc.contents, 'kind');
    if (typeof kind !== 'string' || !WORKLOADS.has(kind)) continue;
    const name = String(scalar(get(doc.contents, 'metadata'), 'name') ?? '');
    // the pod spec: spec.template.spec (Deployment…), spec.jobTemplate.spec.template.spec (CronJob), spec (Pod)
    const spec = get(doc.contents, 'spec');
    const podSpec = kind === 'Pod' ? spec : kind === 'CronJob' ? get(get(get(get(spec, 'jobTemplate'), 'spec'), 'template'), 'spec')
      : get(get(spec, 'template'), 'spec');
    const containers = get(podSpec, 'containers');
    if (!isSeq(containers)) continue;
    const sites: ContainerSite[] = [];
    for (const c of containers.items) {
      if (!isMap(c)) continue;
      const nameNode = c.get('name', true);
      if (!isScalar(nameNode) || !nameNode.range) continue;
      const ports = get(c, 'ports');
      const probes: ProbeSite[] = [];
      for (const kindKey of PROBES) {
        const probe = get(c, kindKey);
        if (!isMap(probe)) continue;
        const http = get(probe, 'httpGet');
        const site: ProbeSite = { kind: kindKey };
        const path = isMap(http) ? http.get('path', true) : undefined;
        const port = isMap(http) ? http.get('port', true) : undefined;
        if (isScalar(path) && typeof path.value === 'string' && path.range) site.path = { value: path.value, range: rangeOf(path) };
        if (isScalar(port) && (typeof port.value === 'number' || typeof port.value === 'string') && port.range) site.port = { value: port.value, range: rangeOf(port) };
        probes.push(site);
      }
      const end = pos(c.range![1]);
      // the map's range ends at the next item's start when it is followed by one: back up over blank lines
      let last = end.character === 0 ? end.line - 1 : end.line;
      while (last > 0 && !lines[last]?.trim()) last--;
      const firstKey = c.items[0]?.key as YamlNode | undefined;
      const keyStart = firstKey?.range ? pos(firstKey.range[0]) : rangeOf(nameNode).start;
      const endsDocument = last + 1 >= lines.length;
      sites.push({
        name: String(nameNode.value), range: rangeOf(nameNode), probes, indent: ' '.repeat(keyStart.character),
        insertAt: endsDocument ? { line: last, character: lines[last].length } : { line: last + 1, character: 0 }, insertPrefix: endsDocument ? '\n' : '',
        ports: isSeq(ports) ? ports.items.filter(isMap).map((p) => ({ name: scalar(p, 'name') as string | undefined, port: Number(scalar(p, 'containerPort')) }))
          .filter((p) => Number.isInteger(p.port) && p.port > 0) : [],
      });
    }
    workloads.push({ kind, name, containers: sites });
  }
  return workloads.length ? { workloads } : undefined;
}

function get(map: unknown, key: string): unknown {
  return isMap(map) ? (map as YAMLMap).get(key, true) : undefined;
}

function scalar(map: unknown, key: string): unknown {
  const node = get(map, key);
  return isScalar(node) ? node.value : undefined;
}

/** docker-compose / compose files: `compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yml`. */
export function isComposeFile(rel: string): boolean {
  return /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/i.test(rel);
}

export interface ComposeSummary {
  /** Services whose `healthcheck.test` probes an http URL: the URL, its port and path, where it is written. */
  healthchecks: { service: string; url: { text: string; port?: number; path: string; range: Range } }[];
}


export function summarizeCompose(text: string): ComposeSummary | undefined {
  if (!/healthcheck/.test(text)) return undefined;
  let doc;
  try { doc = parseAllDocuments(text, { uniqueKeys: false }); } catch { return undefined; }
  if (!Array.isArray(doc) || !doc[0] || doc[0].errors.length || !isMap(doc[0].contents)) return undefined;
  const lineIndex = new LineIndex(text); // the engine's lines (a lone \r breaks a line too), not yaml's
  const pos = (offset: number) => lineIndex.positionAt(offset);
  const services = get(doc[0].contents, 'services');
  if (!isMap(services)) return undefined;
  const healthchecks: ComposeSummary['healthchecks'] = [];
  for (const item of services.items) {
    const test = get(get(item.value, 'healthcheck'), 'test');
    // `test: ["CMD", "curl", "-f", "http://…"]` or `test: curl -f http://… || exit 1`
    const parts = isSeq(test) ? test.items : [test];
    for (const part of parts) {
      if (!isScalar(part) || typeof part.value !== 'string' || !part.range) continue;
      const url = PROBE_URL.exec(part.value);
      if (!url) continue;
      // the URL's place in the source (the scalar may be quoted)
      const at = text.slice(part.range[0], part.range[1]).indexOf(url[0]);
      if (at < 0) continue;
      const start = part.range[0] + at;
      healthchecks.push({ service: String(isScalar(item.key) ? item.key.value : ''),
        url: { text: url[0], port: url[1] ? Number(url[1]) : undefined, path: url[2] ?? '/', range: { start: pos(start), end: pos(start + url[0].length) } } });
      break;
    }
  }
  return healthchecks.length ? { healthchecks } : undefined;
}
