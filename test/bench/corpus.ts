// The bench corpus: real Python code from the machine (the CPython standard library; Django from Debian's
// python3-django when installed) copied into the bench cache, and a synthetic workspace that replicates the
// example service (a FastAPI app and an Express service in TypeScript) to any number of files.
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../../server/src/engine/workspace/discover';
import { cacheDir, countLines, REPO } from './common';

export interface Corpus {
  name: string;
  /** the folder the CLI scans */
  root: string;
  /** the Python files of the scan (what the engine's discovery keeps), absolute: peers check exactly these */
  pythonFiles: string[];
  /** every source file the engine analyses (Python + TS/JS) */
  sourceFiles: number;
  pythonLines: number;
  sourceLines: number;
  description: string;
}

const SOURCE = /\.(py|pyi|[cm]?[jt]sx?)$/;

function copyTree(from: string, to: string, keep: (rel: string) => boolean): void {
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isSymbolicLink() || e.name === '__pycache__') continue;
      const full = path.join(dir, e.name);
      const rel = path.relative(from, full);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && keep(rel)) {
        fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
        fs.copyFileSync(full, path.join(to, rel));
      }
    }
  };
  walk(from);
}

/** Lists what the engine would scan under `root` and counts lines; Python files are what peers get. */
export async function describe(name: string, root: string, description: string): Promise<Corpus> {
  const { files } = await discoverFiles(root, { exclude: [], maxFileSizeKb: 1024 });
  const pythonFiles: string[] = [];
  let pythonLines = 0;
  let sourceLines = 0;
  let sourceFiles = 0;
  for (const f of files) {
    if (!SOURCE.test(f.rel) || f.rel.endsWith('.d.ts')) continue;
    const lines = countLines(fs.readFileSync(f.path, 'utf8'));
    sourceFiles++;
    sourceLines += lines;
    if (/\.pyi?$/.test(f.rel)) { pythonFiles.push(f.path); pythonLines += lines; }
  }
  return { name, root, pythonFiles, sourceFiles, pythonLines, sourceLines, description };
}

/** A copy of `from` (Python files only) in the cache, made once per `key`. */
function cachedCopy(key: string, from: string, sub = ''): string {
  const dir = cacheDir('corpus', key);
  const done = path.join(dir, '.complete');
  if (!fs.existsSync(done)) {
    fs.rmSync(dir, { recursive: true, force: true });
    copyTree(from, path.join(dir, sub), (rel) => rel.endsWith('.py'));
    fs.writeFileSync(done, `${from}\n`);
  }
  return dir;
}

/** The machine's CPython standard library (the newest /usr/lib/python3.N), if any. */
export async function cpythonCorpus(): Promise<Corpus | undefined> {
  const libs = fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib').filter((d) => /^python3\.\d+$/.test(d))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])) : [];
  const lib = libs.at(-1);
  if (!lib || !fs.existsSync(path.join('/usr/lib', lib, 'os.py'))) return undefined;
  const root = cachedCopy(`cpython-${lib.slice('python'.length)}-stdlib`, path.join('/usr/lib', lib));
  return describe(`CPython ${lib.slice('python'.length)} stdlib`, root, `the machine's CPython standard library (${lib}, Python files only)`);
}

/** Django from Debian's python3-django (3.2 in Debian 12), if installed. */
export async function djangoCorpus(version: string | undefined): Promise<Corpus | undefined> {
  const src = '/usr/lib/python3/dist-packages/django';
  if (!version || !fs.existsSync(path.join(src, '__init__.py'))) return undefined;
  const root = cachedCopy(`django-${version.replace(/[^\w.+-]/g, '_')}`, src, 'django');
  return describe(`Django ${version.replace(/^\d+:/, '').replace(/-.*$/, '')}`, path.join(root, 'django'), `Debian's python3-django ${version} (the django package, Python files only)`);
}

// ---------------------------------------------------------------------------------------------------
// Synthetic workspace

const GENERATOR_VERSION = 1;
/** Source files per generated service (the example service plus copies of its leaf modules). */
export const FILES_PER_SERVICE = 100;
const LEAF_DIR = /(^|\/)(routers|routes|clients|services|models|schemas|api|handlers)\//;

interface Template { files: { rel: string; text: string }[]; leaves: { rel: string; text: string }[]; sources: number }

function readTemplate(): Template {
  const base = path.join(REPO, 'examples');
  const files: { rel: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.') && e.name !== '.gitignore') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name !== 'README.md') files.push({ rel: path.relative(base, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(base);
  files.sort((a, b) => a.rel.localeCompare(b.rel));
  const sources = files.filter((f) => SOURCE.test(f.rel));
  let leaves = sources.filter((f) => LEAF_DIR.test(f.rel) && !/__init__\.py$/.test(f.rel));
  if (!leaves.length) leaves = sources.filter((f) => !/__init__\.py$/.test(f.rel));
  // Python modules three times as often as TS ones: the example workspace is a Python service first.
  const weighted = leaves.flatMap((f) => (f.rel.endsWith('.py') ? [f, f, f] : [f]));
  return { files, leaves: weighted, sources: sources.length };
}

/**
 * A monorepo of `files` source files: services/svcNNNN/ each a copy of examples/ (pyproject, Dockerfile,
 * FastAPI app, Express service with its tsconfig) grown to FILES_PER_SERVICE source files with numbered
 * copies of its routers and clients. Made once per size in the bench cache.
 */
export async function syntheticCorpus(files: number): Promise<Corpus> {
  const template = readTemplate();
  const dir = cacheDir('synthetic', `v${GENERATOR_VERSION}-${files}`);
  const done = path.join(dir, '.complete');
  const stamp = JSON.stringify(template.files.map((f) => [f.rel, f.text.length]));
  if (!fs.existsSync(done) || fs.readFileSync(done, 'utf8') !== stamp) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    let made = 0;
    for (let s = 0; made < files; s++) {
      const svc = path.join(dir, 'services', `svc${String(s).padStart(4, '0')}`);
      for (const f of template.files) {
        if (SOURCE.test(f.rel)) { if (made >= files) continue; made++; }
        fs.mkdirSync(path.dirname(path.join(svc, f.rel)), { recursive: true });
        fs.writeFileSync(path.join(svc, f.rel), f.text);
      }
      for (let j = 0; j < FILES_PER_SERVICE - template.sources && made < files; j++, made++) {
        const leaf = template.leaves[j % template.leaves.length];
        const rel = leaf.rel.replace(/(\.[^./]+)$/, `_${j}$1`);
        fs.mkdirSync(path.dirname(path.join(svc, rel)), { recursive: true });
        fs.writeFileSync(path.join(svc, rel), leaf.text);
      }
    }
    fs.writeFileSync(done, stamp);
  }
  return describe(`synthetic ${files.toLocaleString('en')} files`, dir,
    `services/svcNNNN/: copies of examples/ (FastAPI app + Express TS service, each with its manifests, Dockerfile and tsconfig) grown to ${FILES_PER_SERVICE} source files per service with numbered copies of its routers and clients`);
}
