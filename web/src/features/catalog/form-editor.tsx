import { Button } from '../../ui/button.tsx';
import { useCatalogText } from './catalog-text.ts';
import { type FormDefinition, PREFILL_SOURCES, type PrefillSource } from './catalog-types.ts';
import { DynamicForm } from './dynamic-form.tsx';

type Widget = 'text' | 'textarea' | 'date' | 'number' | 'select';
export type FieldDraft = {
  name: string;
  widget: Widget;
  labelId: string;
  labelEn: string;
  helpId: string;
  isRequired: boolean;
  prefill: PrefillSource | '';
  options: string;
  /** Schema keywords the editor does not show (e.g. a pattern from an imported file), kept as they were. */
  extra: Record<string, unknown>;
};

const SHOWN_KEYWORDS = new Set(['type', 'format', 'enum', 'maxLength']);

/** A form definition as rows an admin edits. */
export function fieldsOf(form: FormDefinition): FieldDraft[] {
  const schema = form.schema as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return form.ui.order.map((name) => {
    const property = schema.properties?.[name] ?? {};
    const ui = form.ui.fields[name];
    const widget: Widget = Array.isArray(property.enum)
      ? 'select'
      : property.format === 'date'
        ? 'date'
        : property.type === 'number' || property.type === 'integer'
          ? 'number'
          : ui?.widget === 'textarea'
            ? 'textarea'
            : 'text';
    return {
      name,
      widget,
      labelId: ui?.label.id ?? '',
      labelEn: ui?.label.en ?? '',
      helpId: ui?.help?.id ?? '',
      isRequired: (schema.required ?? []).includes(name),
      prefill: ui?.prefill ?? '',
      options: Array.isArray(property.enum) ? property.enum.join(', ') : '',
      extra: Object.fromEntries(Object.entries(property).filter(([key]) => !SHOWN_KEYWORDS.has(key))),
    };
  });
}

/** Rows back to a JSON Schema and its UI description. */
export function formOf(fields: readonly FieldDraft[]): FormDefinition {
  const properties: Record<string, Record<string, unknown>> = {};
  const uiFields: FormDefinition['ui']['fields'] = {};
  for (const field of fields) {
    const base =
      field.widget === 'number'
        ? { type: 'number' }
        : field.widget === 'date'
          ? { type: 'string', format: 'date' }
          : field.widget === 'select'
            ? {
                type: 'string',
                enum: field.options
                  .split(',')
                  .map((option) => option.trim())
                  .filter(Boolean),
              }
            : { type: 'string', maxLength: field.widget === 'textarea' ? 4000 : 200 };
    properties[field.name] = { ...field.extra, ...base };
    uiFields[field.name] = {
      label: { id: field.labelId, ...(field.labelEn ? { en: field.labelEn } : {}) },
      ...(field.helpId ? { help: { id: field.helpId } } : {}),
      ...(field.prefill ? { prefill: field.prefill } : {}),
      ...(field.widget === 'text' ? {} : { widget: field.widget }),
    };
  }
  return {
    schema: {
      type: 'object',
      properties,
      required: fields.filter((field) => field.isRequired).map((field) => field.name),
    },
    ui: { order: fields.map((field) => field.name), fields: uiFields },
  };
}

/**
 * The form editor: one row per field (name, type, labels, help, required, profile prefill) and,
 * beside it, the form as citizens will see it, updated as the admin types.
 */
export function FormEditor({
  fields,
  onChange,
}: {
  fields: FieldDraft[];
  onChange: (fields: FieldDraft[]) => void;
}) {
  const { tc } = useCatalogText();
  const update = (index: number, patch: Partial<FieldDraft>) =>
    onChange(fields.map((field, at) => (at === index ? { ...field, ...patch } : field)));
  const add = () =>
    onChange([
      ...fields,
      {
        name: `isian${fields.length + 1}`,
        widget: 'text',
        labelId: '',
        labelEn: '',
        helpId: '',
        isRequired: true,
        prefill: '',
        options: '',
        extra: {},
      },
    ]);
  let preview: FormDefinition | undefined;
  try {
    preview = formOf(fields.filter((field) => field.name && field.labelId));
  } catch {
    preview = undefined;
  }
  return (
    <div className="editor-columns">
      <div className="stack">
        {fields.map((field, index) => {
          const prefix = `field-${index}`;
          return (
            <fieldset key={prefix} className="card stack" data-testid={prefix}>
              <legend>
                {index + 1}. {field.labelId || field.name}
              </legend>
              <label htmlFor={`${prefix}-name`}>{tc('editor.fieldName')}</label>
              <input
                id={`${prefix}-name`}
                className="field__input"
                value={field.name}
                onChange={(event) => update(index, { name: event.target.value })}
              />
              <label htmlFor={`${prefix}-label`}>{tc('editor.fieldLabel')}</label>
              <input
                id={`${prefix}-label`}
                className="field__input"
                value={field.labelId}
                onChange={(event) => update(index, { labelId: event.target.value })}
              />
              <label htmlFor={`${prefix}-label-en`}>{tc('editor.fieldLabelEn')}</label>
              <input
                id={`${prefix}-label-en`}
                className="field__input"
                value={field.labelEn}
                onChange={(event) => update(index, { labelEn: event.target.value })}
              />
              <label htmlFor={`${prefix}-help`}>{tc('editor.fieldHelp')}</label>
              <input
                id={`${prefix}-help`}
                className="field__input"
                value={field.helpId}
                onChange={(event) => update(index, { helpId: event.target.value })}
              />
              <label htmlFor={`${prefix}-widget`}>{tc('editor.fieldType')}</label>
              <select
                id={`${prefix}-widget`}
                className="field__input"
                value={field.widget}
                onChange={(event) => update(index, { widget: event.target.value as Widget })}
              >
                {(['text', 'textarea', 'date', 'number', 'select'] as const).map((widget) => (
                  <option key={widget} value={widget}>
                    {tc(`widget.${widget}`)}
                  </option>
                ))}
              </select>
              {field.widget === 'select' ? (
                <>
                  <label htmlFor={`${prefix}-options`}>{tc('editor.fieldOptions')}</label>
                  <input
                    id={`${prefix}-options`}
                    className="field__input"
                    value={field.options}
                    onChange={(event) => update(index, { options: event.target.value })}
                  />
                </>
              ) : null}
              <label htmlFor={`${prefix}-prefill`}>{tc('editor.fieldPrefill')}</label>
              <select
                id={`${prefix}-prefill`}
                className="field__input"
                value={field.prefill}
                onChange={(event) => update(index, { prefill: event.target.value as PrefillSource | '' })}
              >
                <option value="">{tc('editor.noPrefill')}</option>
                {PREFILL_SOURCES.map((source) => (
                  <option key={source} value={source}>
                    {tc(`prefill.${source}`)}
                  </option>
                ))}
              </select>
              <label>
                <input
                  type="checkbox"
                  checked={field.isRequired}
                  onChange={(event) => update(index, { isRequired: event.target.checked })}
                />{' '}
                {tc('editor.fieldRequired')}
              </label>
              <Button
                type="button"
                variant="quiet"
                onClick={() => onChange(fields.filter((_, at) => at !== index))}
              >
                {tc('editor.remove')}
              </Button>
            </fieldset>
          );
        })}
        <Button type="button" variant="secondary" onClick={add}>
          {tc('editor.addField')}
        </Button>
      </div>
      <aside className="card" aria-labelledby="preview-heading" data-testid="form-preview">
        <h3 id="preview-heading">{tc('editor.preview')}</h3>
        {preview ? (
          <DynamicForm
            form={preview}
            values={{}}
            prefilled={fields.filter((field) => field.prefill).map((field) => field.name)}
            idPrefix="preview"
            isReadOnly
          />
        ) : null}
      </aside>
    </div>
  );
}
