import type { InputHTMLAttributes } from 'react';
import { Field, type FieldTexts } from './field.tsx';

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & FieldTexts;

/** A labelled input with its help text and error, both tied to it with aria-describedby. */
export function TextField({ id, label, help, error, optionalText, className, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} help={help} error={error} optionalText={optionalText} className={className}>
      {(control) => <input id={id} className="field__input" {...control} {...input} />}
    </Field>
  );
}
