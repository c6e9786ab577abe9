import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { FieldError } from '../../platform/http/errors.ts';
import type { ApplicationValues, DraftIssue, FormDefinition, RequiredDocument } from './catalog.contracts.ts';

/**
 * Application forms are JSON Schema (draft-07) checked by Ajv: the most used JSON Schema
 * validator for JavaScript, maintained, standard-complete, and it compiles each schema once into
 * a fast function. Strict mode refuses unknown keywords, so a typo in a published form is caught
 * when it is saved, not when a citizen applies.
 */
const ajv = new Ajv({ strict: true, allErrors: true, coerceTypes: false, useDefaults: false });
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
ajv.addFormat('date', {
  type: 'string',
  validate: (value: string) => {
    const match = ISO_DATE.exec(value);
    if (!match) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  },
});

const FIELD_TYPES = new Set(['string', 'number', 'integer', 'boolean']);
const compiled = new Map<string, { full: ValidateFunction; partial: ValidateFunction }>();

type ObjectSchema = {
  type?: unknown;
  properties?: Record<string, Record<string, unknown>>;
  required?: unknown;
};

/** What is wrong with a form definition and its document list (empty: publishable). */
export function checkFormDefinition(
  form: FormDefinition,
  documents: readonly RequiredDocument[],
): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const issue = (field: string, code: string, message: string) => issues.push({ field, code, message });
  const schema = form.schema as ObjectSchema;
  if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    issue('form.schema', 'FORM_SCHEMA_NOT_OBJECT', 'Skema formulir harus bertipe object dengan properties.');
    return issues;
  }
  try {
    ajv.compile(strictCopy(form.schema, false));
  } catch (error) {
    issue('form.schema', 'FORM_SCHEMA_INVALID', `Skema JSON tidak valid: ${(error as Error).message}`);
    return issues;
  }
  const properties = Object.keys(schema.properties);
  for (const [name, property] of Object.entries(schema.properties)) {
    if (!FIELD_TYPES.has(String(property.type)))
      issue(
        `form.schema.properties.${name}`,
        'FIELD_TYPE_UNSUPPORTED',
        `Isian "${name}" harus string, number, integer atau boolean.`,
      );
    if (!form.ui.fields[name])
      issue(`form.ui.fields.${name}`, 'FIELD_WITHOUT_LABEL', `Isian "${name}" belum punya label.`);
    if (!form.ui.order.includes(name))
      issue('form.ui.order', 'FIELD_NOT_ORDERED', `Isian "${name}" tidak ada di urutan.`);
  }
  for (const name of form.ui.order)
    if (!properties.includes(name))
      issue('form.ui.order', 'UNKNOWN_FIELD', `Urutan menyebut isian "${name}" yang tidak ada.`);
  for (const name of Object.keys(form.ui.fields))
    if (!properties.includes(name))
      issue(`form.ui.fields.${name}`, 'UNKNOWN_FIELD', `Label untuk isian "${name}" yang tidak ada.`);
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const name of required)
    if (!properties.includes(String(name)))
      issue('form.schema.required', 'UNKNOWN_FIELD', `Isian wajib "${name}" tidak ada.`);
  const keys = new Set<string>();
  documents.forEach((document, index) => {
    if (keys.has(document.key))
      issue(`documents.${index}.key`, 'DUPLICATE_DOCUMENT', `Dokumen "${document.key}" ditulis dua kali.`);
    keys.add(document.key);
  });
  if (properties.length === 0) issue('form.schema.properties', 'FORM_EMPTY', 'Formulir belum punya isian.');
  return issues;
}

/** The schema as applications are checked against it: no other fields; for drafts, nothing required. */
function strictCopy(schema: Record<string, unknown>, isPartial: boolean): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...schema, additionalProperties: false };
  delete copy.$id;
  delete copy.$schema;
  if (isPartial) delete copy.required;
  return copy;
}

function validatorsFor(cacheKey: string, form: FormDefinition) {
  let validators = compiled.get(cacheKey);
  if (!validators) {
    validators = {
      full: ajv.compile(strictCopy(form.schema, false)),
      partial: ajv.compile(strictCopy(form.schema, true)),
    };
    compiled.set(cacheKey, validators);
  }
  return validators;
}

function fieldErrorOf(error: ErrorObject): FieldError {
  const params = error.params as Record<string, unknown>;
  const name =
    error.keyword === 'required'
      ? String(params.missingProperty)
      : error.keyword === 'additionalProperties'
        ? String(params.additionalProperty)
        : error.instancePath.replace(/^\//, '') || 'values';
  const code =
    error.keyword === 'required'
      ? 'required'
      : error.keyword === 'additionalProperties'
        ? 'unknown_field'
        : error.keyword;
  return { field: `values.${name}`, code, message: error.message ?? code };
}

/**
 * Field errors of `values` against a form version (`cacheKey` names it: versions never change).
 * Empty strings count as missing, as a browser form sends them.
 */
export function validateValues(
  cacheKey: string,
  form: FormDefinition,
  values: ApplicationValues,
  options: { isPartial: boolean },
): FieldError[] {
  const cleaned = Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== '' && value !== null),
  );
  const validators = validatorsFor(cacheKey, form);
  const validate = options.isPartial ? validators.partial : validators.full;
  if (validate(cleaned)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? []).map(fieldErrorOf).filter((error) => {
    if (seen.has(error.field)) return false;
    seen.add(error.field);
    return true;
  });
}
