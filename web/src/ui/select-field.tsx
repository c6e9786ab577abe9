import type { SelectHTMLAttributes } from 'react';
import { Field, type FieldTexts } from './field.tsx';

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> &
  FieldTexts & { options: ReadonlyArray<{ value: string; label: string }> };

export function SelectField({ id, label, options, help, error, optionalText, ...select }: SelectFieldProps) {
  return (
    <Field id={id} label={label} help={help} error={error} optionalText={optionalText}>
      {(control) => (
        <select id={id} className="field__input field__select" {...control} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
