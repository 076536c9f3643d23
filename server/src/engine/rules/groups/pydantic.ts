// Pydantic v1 idioms under Pydantic 2: every rule fires only when the manifests or lockfiles say Pydantic ≥ 2,
// and never on `pydantic.v1` code. Config and method rules are project rules: whether a class is a model can
// depend on a base class, and a receiver on an import, in another file.
import type { RuleGroup } from './group';
import { pydanticLegacyValidator } from '../python/pydantic-legacy-validator';
import { pydanticLegacyField } from '../python/pydantic-legacy-field';
import { pydanticBasesettingsImport } from '../python/pydantic-basesettings-import';
import { pydanticLegacyConfig } from '../project/pydantic-legacy-config';
import { pydanticLegacyMethod } from '../project/pydantic-legacy-method';

export const pydanticRules: RuleGroup = {
  python: [pydanticLegacyValidator, pydanticLegacyField, pydanticBasesettingsImport],
  project: [pydanticLegacyConfig, pydanticLegacyMethod],
};
