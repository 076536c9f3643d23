// Finds the files to analyse under a folder: honours .gitignore files (nested ones too) and the
// `exclude` setting (same gitignore syntax), skips dependency and build folders, never leaves the root.
import fs from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isFactsFile } from './facts';
import { isDockerfile } from '../project/dockerfileSummary';
import { isScriptFile } from '../parse/script';
import { isManifestCandidate } from '../project/manifestSummary';

/** Folders that are never project sources, whatever .gitignore says. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.nox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', '.hg', '.svn', '.idea', '.eggs', 'bower_components',
  '.next', '.nuxt', '.svelte-kit', '.turbo', '.yarn']);

/** Facts files (lockfiles above all) are read up to this size whatever readiness.maxFileSizeKb says. */
const FACTS_LIMIT_KB = 32 * 1024;

export interface DiscoveredFile { path: string; rel: string; size: number }
export interface Discovery { files: DiscoveredFile[]; skipped: { rel: string; reason: string }[] }

export function isPythonFile(rel: string): boolean { return /\.pyi?$/.test(rel); }

/** Files the engine reads: sources it analyses and data files that feed project facts. */
export function isInteresting(rel: string): boolean {
  return isPythonFile(rel) || isScriptFile(rel) || isDockerfile(rel) || isFactsFile(rel) || isManifestCandidate(rel);
}

export function makeExcluder(patterns: string[]): Ignore {
  return ignore({ allowRelativePaths: true }).add(patterns);
}

export async function discoverFiles(root: string, opts: { exclude: string[]; maxFileSizeKb: number }): Promise<Discovery> {
  const result: Discovery = { files: [], skipped: [] };
  const excluder = makeExcluder(opts.exclude);
  const walk = async (dir: string, rules: { base: string; ig: Ignore }[]) => {
    let entries;
    try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return; }
    const own = entries.find((e) => e.isFile() && e.name === '.gitignore');
    if (own) {
      const text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => '');
      rules = [...rules, { base: dir, ig: ignore().add(text) }];
    }
    for (const entry of entries) {
      if (entry.isSymbolicLink()) continue; // never follow links out of the workspace
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      const isDir = entry.isDirectory();
      if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
      const probe = isDir ? `${rel}/` : rel;
      if (excluder.ignores(probe)) continue;
      if (rules.some((r) => r.ig.ignores(path.relative(r.base, full).split(path.sep).join('/') + (isDir ? '/' : '')))) continue;
      if (isDir) await walk(full, rules);
      else if (entry.isFile() && isInteresting(rel)) {
        const size = (await fs.stat(full)).size;
        // lockfiles are data whose versions (or mere presence) we need, and are often over the source limit
        const limitKb = isFactsFile(rel) ? Math.max(opts.maxFileSizeKb, FACTS_LIMIT_KB) : opts.maxFileSizeKb;
        if (size > limitKb * 1024) result.skipped.push({ rel, reason: `larger than ${limitKb} KB (readiness.maxFileSizeKb)` });
        else result.files.push({ path: full, rel, size });
      }
    }
  };
  await walk(root, []);
  result.files.sort((a, b) => a.rel.localeCompare(b.rel));
  return result;
}
