/** The Import wizard's form: values per importer option, and their conversion to importer options. */
import type { ImportOptionField } from '../../../src-main/ipc/contract';

/** What an input holds: text for every field but booleans (numbers are parsed on submit). */
export type FieldValue = string | boolean;

/** Form values keyed by option name. */
export type FormValues = Record<string, FieldValue>;

/** Starting values of a form: each field's default, or empty. */
export function initialValues(fields: readonly ImportOptionField[]): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    if (f.type === 'boolean') values[f.name] = f.default === true;
    else if (f.type === 'choice') values[f.name] = f.default != null ? String(f.default) : (f.required ? (f.choices?.[0] ?? '') : '');
    else values[f.name] = f.default != null ? String(f.default) : '';
  }
  return values;
}

/** Parsed options plus a message per field the user must fix (empty when all is well). */
export interface ParsedForm {
  options: Record<string, unknown>;
  errors: Record<string, string>;
}

/**
 * Turns form values into the options an importer validates: empty optional fields are left out
 * (so the importer's default applies), numbers are parsed, required fields must be filled.
 */
export function toOptions(fields: readonly ImportOptionField[], values: FormValues): ParsedForm {
  const options: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.name];
    if (f.type === 'boolean') {
      options[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (!text) {
      if (f.required) errors[f.name] = `${f.label} is required.`;
      continue;
    }
    if (f.type === 'integer' || f.type === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[f.name] = `${f.label} must be a number.`;
      else if (f.type === 'integer' && !Number.isInteger(n)) errors[f.name] = `${f.label} must be a whole number.`;
      else options[f.name] = n;
      continue;
    }
    if (f.type === 'choice' && f.choices && !f.choices.includes(text)) {
      errors[f.name] = `${f.label} must be one of: ${f.choices.join(', ')}.`;
      continue;
    }
    options[f.name] = text;
  }
  return { options, errors };
}

/** The source path of a form (its first folder or file field), for titles and messages. */
export function sourceOf(fields: readonly ImportOptionField[], values: FormValues): string {
  const f = fields.find((x) => x.type === 'folder' || x.type === 'file');
  const v = f ? values[f.name] : undefined;
  return typeof v === 'string' ? v.trim() : '';
}
