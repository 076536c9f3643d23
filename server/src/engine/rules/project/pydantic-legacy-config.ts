// pydantic-legacy-config: a `class Config:` in a Pydantic model under Pydantic 2, where class-based config is
// deprecated and the renamed keys (`orm_mode`, `allow_population_by_field_name`, `schema_extra`, …) are
// silently ignored. Project rule: whether the owner is a model can depend on a base class in another file.
// Fix: `model_config = ConfigDict(...)` (`SettingsConfigDict` for settings) with the keys renamed; keys
// without a Pydantic 2 equivalent are reported and block the fix.
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import type { ProjectModel } from '../../project/model';
import type { ConfigBlock, ConfigEntry } from '../../project/pydanticSummary';
import { pydanticProject } from '../../project/pydanticModels';
import { dependencyAtLeast } from '../../workspace/facts';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'pydantic-legacy-config',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'A Pydantic 1 `class Config` in a model: deprecated in Pydantic 2, and its renamed keys (`orm_mode`, `schema_extra`, …) are silently ignored.',
  fixSafety: 'unsafe',
};

/** Pydantic 1 keys renamed in Pydantic 2 (migration guide; `allow_population_by_field_name` depends on the version). */
const RENAMED: Record<string, string> = {
  orm_mode: 'from_attributes',
  allow_population_by_field_name: 'populate_by_name',
  schema_extra: 'json_schema_extra',
  anystr_strip_whitespace: 'str_strip_whitespace',
  anystr_lower: 'str_to_lower',
  anystr_upper: 'str_to_upper',
  min_anystr_length: 'str_min_length',
  max_anystr_length: 'str_max_length',
  validate_all: 'validate_default',
  keep_untouched: 'ignored_types',
};

/** Keys Pydantic 2 removed, with what to do instead. */
const REMOVED: Record<string, string> = {
  fields: 'declare aliases and constraints on the fields themselves (`Field(alias=…)`, `validation_alias=`)',
  getter_dict: '`from_attributes=True` reads attributes without it',
  smart_union: 'unions are smart by default; use `Field(union_mode="left_to_right")` for the old default',
  underscore_attrs_are_private: 'underscore attributes are always private attributes now',
  json_loads: 'use `model_validate_json` (no custom JSON decoder)',
  json_dumps: 'use `model_dump_json` or a custom serializer (no custom JSON encoder function)',
  copy_on_model_validation: 'use `revalidate_instances`',
  post_init_call: 'use `model_post_init`',
  error_msg_templates: 'customise errors with custom types or validators',
};

function check(model: ProjectModel): Finding[] {
  if (dependencyAtLeast(model.facts, 'pydantic', '2.0') !== true) return [];
  const project = pydanticProject(model);
  const validateByName = dependencyAtLeast(model.facts, 'pydantic', '2.11') === true;
  const findings: Finding[] = [];
  for (const { file, summary } of model.summaries) {
    for (const block of summary.pydantic?.configs ?? []) {
      const kind = project.classKind(file, block.owner);
      if (kind !== 'model' && kind !== 'settings') continue;
      const owner = summary.pydantic!.classes[block.owner].name;
      findings.push(report(file, block, owner, kind === 'settings', validateByName));
    }
  }
  return findings;
}

interface Translated { entries: { key: string; value: string; comment?: string }[]; comments: Map<number, string>; renamed: string[]; removed: string[]; problems: string[] }

function translate(block: ConfigBlock, validateByName: boolean): Translated {
  const out: Translated = { entries: [], comments: new Map(), renamed: [], removed: [], problems: [] };
  const seen = new Set<string>();
  const items: (ConfigEntry & { key: string })[] = block.entries.filter((e): e is ConfigEntry & { key: string } => !!e.key);
  const keys = new Set(items.map((e) => e.key));
  block.entries.forEach((entry) => {
    if (!entry.key) { out.comments.set(out.entries.length, [out.comments.get(out.entries.length), entry.comment].filter(Boolean).join('\n')); return; }
    let key = entry.key;
    let value = entry.value!;
    if (key in REMOVED) { out.removed.push(`\`${key}\` (removed: ${REMOVED[key]})`); return; }
    if (key === 'allow_mutation') {
      if (entry.bool === undefined) { out.problems.push('`allow_mutation` is not a literal True/False'); return; }
      key = 'frozen';
      value = entry.bool ? 'False' : 'True';
      out.renamed.push(`\`allow_mutation = ${entry.value}\` → \`frozen=${value}\``);
    } else if (key in RENAMED) {
      key = key === 'allow_population_by_field_name' && validateByName ? 'validate_by_name' : RENAMED[key];
      out.renamed.push(`\`${entry.key}\` → \`${key}\``);
    } else if (key === 'extra' && entry.extraMember) {
      value = `"${entry.extraMember}"`;
    }
    if (seen.has(key) || (key !== entry.key && keys.has(key))) { out.problems.push(`\`${key}\` would be set twice`); return; }
    seen.add(key);
    out.entries.push({ key, value, comment: entry.comment });
  });
  return out;
}

function report(file: string, block: ConfigBlock, owner: string, settings: boolean, validateByName: boolean): Finding {
  const t = translate(block, validateByName);
  const dict = settings ? 'SettingsConfigDict' : 'ConfigDict';
  let message = `\`class Config\` in ${settings ? 'settings' : 'model'} \`${owner}\` is deprecated in Pydantic 2: use \`model_config = ${dict}(...)\``;
  if (t.renamed.length) message += `. Pydantic 2 ignores these keys here until they are renamed: ${t.renamed.join(', ')}`;
  const blockers = [...t.removed.map((r) => `no Pydantic 2 equivalent for ${r}`), ...t.problems, ...block.blockers.map((b) => `${b} cannot become a ConfigDict key`)];
  if (block.ownerHasModelConfig) blockers.push(`\`${owner}\` already assigns \`model_config\` (Pydantic 2 rejects both): merge them by hand`);
  message += blockers.length ? `. Not rewritten automatically: ${blockers.join('; ')}.` : '.';
  const fixes: Fix[] = [];
  if (!blockers.length) {
    // `Extra` left unused goes from the imports (ConfigDict may take its place).
    const instead = settings ? undefined : block.extraImport?.configDictInstead;
    const plan = instead ?? (settings ? block.settingsConfigDict : block.configDict);
    const removal = instead ? [] : block.extraImport?.removal ?? []; // `instead` removes it already
    const edits: TextEdit[] = [...plan.edits, ...removal, { range: block.range, newText: render(block, t, plan.ref) }];
    const safe = t.renamed.length === 0;
    fixes.push({
      title: `Replace with \`model_config = ${plan.ref}(...)\`${safe ? '' : ' (renamed keys take effect again)'}`,
      safety: safe ? 'safe' : 'unsafe', preferred: true, edits: [{ file, edits }],
    });
  }
  return { rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: block.header, message, fixes, tags: ['deprecated'] };
}

/** One line when short and plain; otherwise one argument per line, keeping the Config body's layout and comments. */
function render(block: ConfigBlock, t: Translated, ref: string): string {
  const args = t.entries.map((e) => `${e.key}=${e.value}`);
  const oneLine = `model_config = ${ref}(${args.join(', ')})`;
  const plain = t.comments.size === 0 && t.entries.every((e) => !e.comment && !/[\r\n]/.test(e.value));
  if (plain && block.indent.length + oneLine.length <= 88) return oneLine;
  const eol = block.eol;
  const lines: string[] = [`model_config = ${ref}(`];
  t.entries.forEach((e, i) => {
    for (const c of (t.comments.get(i) ?? '').split('\n').filter(Boolean)) lines.push(`${block.itemIndent}${c}`);
    lines.push(`${block.itemIndent}${e.key}=${e.value},${e.comment ? `  ${e.comment}` : ''}`);
  });
  for (const c of (t.comments.get(t.entries.length) ?? '').split('\n').filter(Boolean)) lines.push(`${block.itemIndent}${c}`);
  lines.push(`${block.indent})`);
  return lines.join(eol);
}

export const pydanticLegacyConfig: ProjectRule = { meta, check };
