import { Field } from '../../ui/field.tsx';
import { useCatalogText } from './catalog-text.ts';
import type { ApplicationValues, FormDefinition } from './catalog-types.ts';

type PropertySchema = { type?: string; enum?: string[]; format?: string };

/** The form's fields in their order, each with its JSON Schema and its UI description. */
export function formFields(form: FormDefinition) {
  const schema = form.schema as { properties?: Record<string, PropertySchema>; required?: string[] };
  return form.ui.order.flatMap((name) => {
    const property = schema.properties?.[name];
    const ui = form.ui.fields[name];
    if (!property || !ui) return [];
    return [{ name, property, ui, isRequired: (schema.required ?? []).includes(name) }];
  });
}

/**
 * An application form rendered from its definition: the same component shows a citizen's form
 * and the admin's live preview. Prefilled fields are read-only: the platform already knows them.
 */
export function DynamicForm({
  form,
  values,
  onChange,
  prefilled = [],
  errors = {},
  idPrefix,
  isReadOnly = false,
  masksNik = false,
}: {
  form: FormDefinition;
  values: ApplicationValues;
  onChange?: (name: string, value: string | number | null) => void;
  prefilled?: readonly string[];
  errors?: Record<string, string>;
  idPrefix: string;
  isReadOnly?: boolean;
  masksNik?: boolean;
}) {
  const { tc, pick } = useCatalogText();
  return (
    <div className="stack">
      {formFields(form).map(({ name, property, ui, isRequired }) => {
        const id = `${idPrefix}-${name}`;
        const isPrefilled = prefilled.includes(name);
        const value = values[name];
        const raw = value === undefined || value === null ? '' : String(value);
        // The NIK is shown masked, even to its owner; officers who verify it see it whole.
        const text =
          isPrefilled && ui.prefill === 'nik' && masksNik
            ? `${raw.slice(0, 4)}********${raw.slice(-4)}`
            : raw;
        const disabled = isReadOnly || isPrefilled || !onChange;
        const help = [pick(ui.help), isPrefilled ? tc('application.prefilled') : '']
          .filter(Boolean)
          .join(' — ');
        const change = (next: string) => {
          if (!onChange) return;
          if (property.type === 'number' || property.type === 'integer')
            onChange(name, next === '' ? null : Number(next));
          else onChange(name, next);
        };
        return (
          <Field
            key={name}
            id={id}
            label={pick(ui.label)}
            help={help || undefined}
            error={errors[name]}
            optionalText={isRequired ? undefined : tc('service.optional')}
          >
            {(control) =>
              property.enum ? (
                <select
                  id={id}
                  name={name}
                  className="field__input"
                  value={text}
                  disabled={disabled}
                  onChange={(event) => change(event.target.value)}
                  {...control}
                >
                  <option value="">—</option>
                  {property.enum.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : ui.widget === 'textarea' ? (
                <textarea
                  id={id}
                  name={name}
                  className="field__input"
                  rows={4}
                  value={text}
                  readOnly={disabled}
                  onChange={(event) => change(event.target.value)}
                  {...control}
                />
              ) : (
                <input
                  id={id}
                  name={name}
                  className="field__input"
                  type={
                    property.format === 'date' || ui.widget === 'date'
                      ? 'date'
                      : property.type === 'number' || property.type === 'integer'
                        ? 'number'
                        : 'text'
                  }
                  value={text}
                  readOnly={disabled}
                  onChange={(event) => change(event.target.value)}
                  {...control}
                />
              )
            }
          </Field>
        );
      })}
    </div>
  );
}
