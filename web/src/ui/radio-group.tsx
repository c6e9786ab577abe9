import type { ReactNode } from 'react';
import { Field } from './field.tsx';

export type RadioOption = { value: string; label: string; hint?: ReactNode };

/**
 * A fieldset of radios with a legend, each option with a one-line explanation tied to it. The first
 * radio carries `id`, so that an error summary link lands on the group.
 */
export function RadioGroup({
  id,
  name,
  legend,
  help,
  options,
  value,
  onChange,
  error,
  optionalText,
  isInline = false,
}: {
  id: string;
  name: string;
  legend: string;
  help?: ReactNode;
  options: readonly RadioOption[];
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  optionalText?: string;
  /** Short options side by side (e.g. a 1–5 score). */
  isInline?: boolean;
}) {
  return (
    <Field
      id={id}
      label={legend}
      help={help}
      error={error}
      optionalText={optionalText}
      className="field fieldset"
      isGroup
    >
      {(control) => (
        <div className={isInline ? 'radios radios--inline' : 'radios'}>
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${option.value}`;
            const hintId = option.hint ? `${optionId}-hint` : undefined;
            return (
              <div className="radio" key={option.value}>
                <input
                  className="radio__input"
                  type="radio"
                  id={optionId}
                  name={name}
                  value={option.value}
                  checked={value === option.value}
                  onChange={() => onChange(option.value)}
                  aria-describedby={hintId}
                  aria-invalid={control['aria-invalid']}
                />
                <label className="radio__label" htmlFor={optionId}>
                  {option.label}
                </label>
                {option.hint ? (
                  <p className="radio__hint" id={hintId}>
                    {option.hint}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      )}
    </Field>
  );
}
