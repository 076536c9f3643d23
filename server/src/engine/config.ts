// Settings: their schema and defaults, and the project file (`.readiness.toml` or `[tool.readiness]` in
// pyproject.toml). Config files are data only: parsed as TOML, never executed. Problems name the file,
// the line and the key; the valid part of a config still applies.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { Severity } from './types';
import { ALL_RULES } from './rules/index';

export type RuleSetting = Severity | 'off';
export interface ReadinessSettings {
  enable: boolean;
  scope: 'openFiles' | 'workspace';
  /** gitignore-style patterns, relative to the workspace folder. */
  exclude: string[];
  rules: Record<string, RuleSetting>;
  pythonTargetVersion?: string;
  /** Files larger than this are skipped with a notice (generated or vendored code). */
  maxFileSizeKb: number;
  /** Rule severities for some paths only (`tests/**`: no hardcoded-secret), later entries win. */
  overrides: PathOverride[];
}

export interface PathOverride { paths: string[]; rules: Record<string, RuleSetting> }

export const DEFAULT_SETTINGS: ReadinessSettings = {
  enable: true, scope: 'workspace', exclude: [], rules: {}, maxFileSizeKb: 1024, overrides: [],
};

export interface ConfigProblem { file: string; line: number; key: string; message: string }
export interface ProjectConfig { file?: string; settings: Partial<ReadinessSettings>; problems: ConfigProblem[] }

const SEVERITIES: readonly RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];
const KNOWN_KEYS = ['exclude', 'rules', 'target-version', 'max-file-size-kb', 'overrides'];

/** Finds and reads the project config at the folder root. `.readiness.toml` wins over pyproject.toml. */
export function readProjectConfig(root: string): ProjectConfig {
  const own = path.join(root, '.readiness.toml');
  if (fs.existsSync(own)) return parseConfigText(own, fs.readFileSync(own, 'utf8'), false);
  const pyproject = path.join(root, 'pyproject.toml');
  if (fs.existsSync(pyproject)) return parseConfigText(pyproject, fs.readFileSync(pyproject, 'utf8'), true);
  return { settings: {}, problems: [] };
}

export function parseConfigText(file: string, text: string, isPyproject: boolean): ProjectConfig {
  const problems: ConfigProblem[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const line = err instanceof TomlError ? err.line : 1;
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { file, settings: {}, problems: [{ file, line, key: '', message: `not valid TOML: ${message}` }] };
  }
  const prefix = isPyproject ? 'tool.readiness.' : '';
  const table = isPyproject ? (doc.tool as any)?.readiness : doc;
  if (table === undefined) return { settings: {}, problems };
  const settings: Partial<ReadinessSettings> = {};
  const problem = (key: string, message: string) =>
    problems.push({ file, line: lineOfKey(text, prefix + key), key: prefix + key, message });
  for (const [key, value] of Object.entries(table as Record<string, unknown>)) {
    if (!KNOWN_KEYS.includes(key)) { problem(key, `unknown key; expected one of ${KNOWN_KEYS.join(', ')}`); continue; }
    if (key === 'exclude') {
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) settings.exclude = value;
      else problem(key, 'expected an array of gitignore-style patterns, e.g. ["migrations/", "**/generated/**"]');
    } else if (key === 'target-version') {
      if (typeof value === 'string' && /^(py)?3\.?\d+$/.test(value)) settings.pythonTargetVersion = value.replace(/^py3\.?/, '3.');
      else problem(key, 'expected a Python version such as "3.11" or "py311"');
    } else if (key === 'max-file-size-kb') {
      if (typeof value === 'number' && value > 0) settings.maxFileSizeKb = value;
      else problem(key, 'expected a positive number of kilobytes');
    } else if (key === 'rules') {
      const rules = readRules(value, 'rules', problem);
      if (rules) settings.rules = rules;
    } else if (key === 'overrides') {
      if (!Array.isArray(value)) { problem(key, 'expected an array of tables: [[overrides]] with paths = [...] and rules = {...}'); continue; }
      settings.overrides = [];
      value.forEach((entry, i) => {
        const where = `overrides[${i}]`;
        // Problems of an entry point at its [[overrides]] header (its keys may be missing).
        const at = (k: string, message: string) => problems.push({ file, line: lineOfEntry(text, `${prefix}overrides`, i), key: prefix + k, message: `${where}: ${message}` });
        if (!entry || typeof entry !== 'object') { at(key, 'expected a table with paths and rules'); return; }
        const { paths, rules, ...rest } = entry as Record<string, unknown>;
        for (const extra of Object.keys(rest)) at(`overrides.${extra}`, 'unknown key; expected paths, rules');
        const pathsOk = Array.isArray(paths) && paths.length > 0 && paths.every((p) => typeof p === 'string');
        if (!pathsOk) at('overrides.paths', 'expected paths = ["tests/**", ...] (gitignore-style patterns)');
        const parsed = readRules(rules, 'overrides.rules', (k, m) => at(k, m));
        if (pathsOk && parsed) settings.overrides!.push({ paths: paths as string[], rules: parsed });
      });
    }
  }
  return { file, settings, problems };
}

function readRules(value: unknown, key: string, problem: (key: string, message: string) => void): Record<string, RuleSetting> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problem(key, 'expected a table of rule-id = "error" | "warning" | "info" | "hint" | "off"');
    return undefined;
  }
  const rules: Record<string, RuleSetting> = {};
  for (const [id, sev] of Object.entries(value)) {
    if (!ALL_RULES.some((r) => r.id === id)) problem(`${key}.${id}`, `unknown rule "${id}"; known rules: ${ALL_RULES.map((r) => r.id).join(', ')}`);
    else if (typeof sev !== 'string' || !SEVERITIES.includes(sev as RuleSetting)) problem(`${key}.${id}`, `expected one of ${SEVERITIES.join(', ')}`);
    else rules[id] = sev as RuleSetting;
  }
  return rules;
}

/** The settings that apply to one file: its path overrides folded into the rule severities. */
export function settingsForPath(settings: ReadinessSettings, rel: string, matches: (patterns: string[], rel: string) => boolean): ReadinessSettings {
  const applicable = settings.overrides.filter((o) => matches(o.paths, rel));
  if (applicable.length === 0) return settings;
  return { ...settings, rules: Object.assign({}, settings.rules, ...applicable.map((o) => o.rules)) };
}

// Problem lines come from a line scan of table headers and keys (the TOML parser keeps no positions), so a
// key is found in its own table: Ruff's `exclude` or `target-version` in [tool.ruff] is not ours.
const KEY_PART = `(?:"(?:[^"\\\\]|\\\\.)*"|'[^']*'|[A-Za-z0-9_-]+)`;
const DOTTED = `${KEY_PART}(?:\\s*\\.\\s*${KEY_PART})*`;
const HEADER = new RegExp(`^\\s*(\\[\\[?)\\s*(${DOTTED})\\s*\\]\\]?\\s*(?:#.*)?$`);
const ASSIGNMENT = new RegExp(`^\\s*(${DOTTED})\\s*=`);

/** `a."b.c" . d` → `a.b.c.d` (quotes dropped, so a quoted dotted part reads like dotted keys: good enough for a line). */
function normalizeKey(dotted: string): string {
  return (dotted.match(new RegExp(KEY_PART, 'g')) ?? []).map((p) => p.replace(/^["']|["']$/g, '')).join('.');
}

/** Every header (`[a.b]`, `[[a.b]]`) and key (`x = …` under its header) with its 1-based line. */
function keyLines(text: string): { key: string; line: number; arrayEntry: boolean }[] {
  const out: { key: string; line: number; arrayEntry: boolean }[] = [];
  let table = '';
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    const header = HEADER.exec(line);
    if (header) {
      table = normalizeKey(header[2]);
      out.push({ key: table, line: i + 1, arrayEntry: header[1] === '[[' });
      return;
    }
    const assignment = ASSIGNMENT.exec(line);
    if (assignment) out.push({ key: (table ? `${table}.` : '') + normalizeKey(assignment[1]), line: i + 1, arrayEntry: false });
  });
  return out;
}

/** 1-based line of the i-th `[[key]]` header; the line of the key itself when written inline. */
function lineOfEntry(text: string, key: string, i: number): number {
  return keyLines(text).filter((k) => k.arrayEntry && k.key === key)[i]?.line ?? lineOfKey(text, key);
}

/** 1-based line where a dotted key is written (`tool.readiness.rules.x`), else where its parent is; 1 when not found. */
function lineOfKey(text: string, key: string): number {
  const lines = keyLines(text);
  for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const found = lines.find((l) => l.key === k);
    if (found) return found.line;
  }
  return 1;
}

/** Editor settings over the project file (like Ruff's editorFirst); excludes add up. */
export function mergeSettings(project: Partial<ReadinessSettings>, editor: Partial<ReadinessSettings>): ReadinessSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...project,
    ...Object.fromEntries(Object.entries(editor).filter(([, v]) => v !== undefined && v !== '')),
    exclude: [...(project.exclude ?? []), ...(editor.exclude ?? [])],
    overrides: [...(project.overrides ?? []), ...(editor.overrides ?? [])],
    rules: { ...(project.rules ?? {}), ...(editor.rules ?? {}) },
  };
}
