// pydantic-legacy-method: Pydantic 1 methods (`.dict()`, `.json()`, `.parse_obj()`, `.from_orm()`, `.copy()`,
// `.schema()`, `.update_forward_refs()`, `__fields__`…) called on values known to be Pydantic 2 models.
// Project rule: the receiver is resolved through annotations, assignments, imports and the project's class
// hierarchy (a model in models.py used in routes.py), never by the method name alone. A class that defines
// the method itself, or has a base we cannot see, is left alone.
import type { Finding, Fix, FixSafety, RuleMeta, TextEdit } from '../../types';
import type { ProjectModel } from '../../project/model';
import type { MethodSite } from '../../project/pydanticSummary';
import { pydanticProject, type Receiver } from '../../project/pydanticModels';
import { dependencyAtLeast } from '../../workspace/facts';
import type { ProjectRule } from './project-rule';

const meta: RuleMeta = {
  id: 'pydantic-legacy-method',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'Pydantic 1 model methods (`.dict()`, `.json()`, `.parse_obj()`, `.from_orm()`, `.copy()`, `__fields__`…) are deprecated in Pydantic 2.',
  fixSafety: 'safe',
};

interface Translation {
  /** The Pydantic 2 name. */
  to: string;
  /** Instance methods make no sense on the class object. */
  instanceOnly?: boolean;
  /** Arguments the rename keeps the meaning of (undefined: any). */
  keywords?: string[];
  positional?: number;
}

const TRANSLATIONS: Record<string, Translation> = {
  dict: { to: 'model_dump', instanceOnly: true, positional: 0, keywords: ['include', 'exclude', 'by_alias', 'exclude_unset', 'exclude_defaults', 'exclude_none'] },
  json: { to: 'model_dump_json', instanceOnly: true, positional: 0, keywords: ['include', 'exclude', 'by_alias', 'exclude_unset', 'exclude_defaults', 'exclude_none', 'indent'] },
  copy: { to: 'model_copy', instanceOnly: true, positional: 0, keywords: ['update', 'deep'] },
  parse_obj: { to: 'model_validate', positional: 1, keywords: [] },
  parse_raw: { to: 'model_validate_json', positional: 1, keywords: [] },
  parse_file: { to: 'model_validate_json' },
  from_orm: { to: 'model_validate', positional: 1, keywords: [] },
  schema: { to: 'model_json_schema', positional: 2, keywords: ['by_alias', 'ref_template'] },
  schema_json: { to: 'model_json_schema' },
  update_forward_refs: { to: 'model_rebuild', positional: 0, keywords: [] },
  construct: { to: 'model_construct' },
  validate: { to: 'model_validate', positional: 1, keywords: [] },
  __fields__: { to: 'model_fields' },
  __fields_set__: { to: 'model_fields_set', instanceOnly: true },
};

function check(model: ProjectModel): Finding[] {
  if (dependencyAtLeast(model.facts, 'pydantic', '2.0') !== true) return [];
  const project = pydanticProject(model);
  const findings: Finding[] = [];
  for (const { file, summary } of model.summaries) {
    for (const site of summary.pydantic?.sites ?? []) {
      const translation = TRANSLATIONS[site.name];
      if (!translation) continue;
      const receiver = project.receiver(file, site.receiver);
      if (!receiver || (translation.instanceOnly && receiver.kind !== 'instance')) continue;
      const known = receiver.classes.every((c) => {
        const kind = project.kind(c);
        return (kind === 'model' || kind === 'settings') && !project.mayOverride(c, site.name);
      });
      if (!known) continue;
      const names = [...new Set(receiver.classes.map((c) => project.className(c)))].join(' | ');
      findings.push(report(file, site, translation, receiver, names));
    }
  }
  return findings;
}

function report(file: string, site: MethodSite, t: Translation, receiver: Receiver, model: string): Finding {
  const recv = shortReceiver(site.receiverText);
  const old = site.call ? `${recv}.${site.name}()` : `${recv}.${site.name}`;
  const what = receiver.kind === 'instance' ? `an instance of \`${model}\`, a Pydantic model` : 'a Pydantic model class';
  const plan = fixPlan(site, t, receiver);
  let message = `\`${old}\` is deprecated in Pydantic 2 (\`${recv}\` is ${what}): use \`${plan.replacement}\``;
  if (plan.note) message += `; ${plan.note}`;
  message += plan.edits ? '.' : `. Not rewritten automatically: ${plan.why}.`;
  const fixes: Fix[] = plan.edits ? [{ title: `Replace with \`${plan.replacement}\``, safety: plan.safety, preferred: true, edits: [{ file, edits: plan.edits }] }] : [];
  return { rule: meta.id, family: meta.family, severity: meta.defaultSeverity, file, range: site.nameRange, message, fixes, tags: ['deprecated'] };
}

/** A receiver as one readable line: whitespace collapsed, long expressions cut at 40 characters. */
function shortReceiver(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\(\s/g, '(').replace(/\s\)/g, ')');
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

interface Plan { replacement: string; edits?: TextEdit[]; safety: FixSafety; note?: string; why?: string }

function fixPlan(site: MethodSite, t: Translation, receiver: Receiver): Plan {
  const recv = site.receiverText.length > 40 ? '…' : site.receiverText;
  const rename: TextEdit = { range: site.nameRange, newText: t.to };
  // Attributes.
  if (!site.call) {
    if (site.name === '__fields__' && receiver.kind === 'instance') {
      const replacement = `type(${recv}).model_fields`;
      return { replacement, safety: 'safe', edits: [{ range: site.range, newText: `type(${site.receiverText}).model_fields` }],
        note: 'reading `model_fields` on an instance is deprecated since Pydantic 2.11' };
    }
    return { replacement: `${recv}.${t.to}`, safety: 'safe', edits: [rename] };
  }
  const call = site.call;
  const replacement = `${recv}.${t.to}()`;
  const unsupported = call.splat ? 'the call unpacks `*args`/`**kwargs`'
    : call.comments ? 'the arguments hold comments'
    : t.positional !== undefined && call.positional.length > t.positional ? 'it passes unexpected positional arguments'
    : t.keywords && call.keywords.find((k) => !t.keywords!.includes(k)) ? `\`${call.keywords.find((k) => !t.keywords!.includes(k))}=\` has no \`${t.to}()\` equivalent`
    : undefined;
  switch (site.name) {
    case 'parse_file':
      return { replacement: `${recv}.model_validate_json(Path(…).read_text())`, safety: 'safe', why: 'there is no file-reading method in Pydantic 2' };
    case 'schema_json':
      return { replacement: `json.dumps(${recv}.model_json_schema())`, safety: 'safe', why: 'the JSON text is built with `json.dumps`' };
    case 'copy':
      if (unsupported) return { replacement, safety: 'safe', why: `${unsupported} (for \`include\`/\`exclude\`, build the copy from \`model_dump(include=…, exclude=…)\`)` };
      return { replacement, safety: 'safe', edits: [rename] };
    case 'from_orm':
      if (unsupported || call.positional.length !== 1) return { replacement, safety: 'safe', why: unsupported ?? 'it does not pass one object' };
      return { replacement: `${recv}.model_validate(obj, from_attributes=True)`, safety: 'safe',
        edits: [rename, { range: call.range, newText: `(${call.positional[0]}, from_attributes=True)` }] };
    case 'parse_raw':
      if (unsupported || call.positional.length !== 1) return { replacement, safety: 'unsafe', why: unsupported ?? 'it does not pass one value' };
      return { replacement, safety: 'unsafe', edits: [rename], note: 'JSON-mode validation differs from `json.loads` + validation in edge cases' };
    case 'update_forward_refs':
      if (unsupported) return { replacement, safety: 'safe', why: 'namespaces are passed as `_types_namespace=` to `model_rebuild()`' };
      return { replacement, safety: 'safe', edits: [rename] };
    case 'json':
      if (unsupported) return { replacement, safety: 'safe', why: unsupported };
      if (call.keywords.includes('indent')) {
        return { replacement, safety: 'unsafe', edits: [rename], note: 'under Pydantic 2 `.json(indent=…)` raises a TypeError, `model_dump_json(indent=…)` works' };
      }
      return { replacement, safety: 'safe', edits: [rename] };
    default:
      if (unsupported) return { replacement, safety: 'safe', why: unsupported };
      return { replacement, safety: 'safe', edits: [rename] };
  }
}

export const pydanticLegacyMethod: ProjectRule = { meta, check };
