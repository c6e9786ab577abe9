import { type TextareaHTMLAttributes, useEffect, useState } from 'react';
import { useI18n } from '../language.tsx';
import { Field, type FieldTexts } from './field.tsx';

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value'> &
  FieldTexts & {
    value: string;
    /** Shows a character count against these limits (the server's, after trimming). */
    minLength?: number;
    maxLength?: number;
  };

/** Counted as the server counts: without leading and trailing spaces. */
function countOf(value: string): number {
  return value.trim().length;
}

/**
 * A labelled multi-line input with help, error and an optional character count. The count is
 * visible at once; screen readers hear it only once typing pauses, not at every key.
 */
export function TextArea({
  id,
  label,
  value,
  help,
  error,
  optionalText,
  minLength,
  maxLength,
  className,
  ...textarea
}: TextAreaProps) {
  const { t } = useI18n();
  const countId = maxLength ? `${id}-count` : undefined;
  const count = countOf(value);
  const countText = maxLength
    ? minLength && count < minLength
      ? t('form.count.short', { count: String(count), min: String(minLength), max: String(maxLength) })
      : count > maxLength
        ? t('form.count.over', { over: String(count - maxLength), max: String(maxLength) })
        : t('form.count', { count: String(count), max: String(maxLength) })
    : '';
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    if (!countText) return;
    const timer = window.setTimeout(() => setAnnounced(countText), 1200);
    return () => window.clearTimeout(timer);
  }, [countText]);
  const isOver = maxLength !== undefined && count > maxLength;
  return (
    <Field id={id} label={label} help={help} error={error} optionalText={optionalText} className={className}>
      {(control) => (
        <>
          <textarea
            id={id}
            className="field__input field__textarea"
            aria-invalid={control['aria-invalid']}
            aria-describedby={[control['aria-describedby'], countId].filter(Boolean).join(' ') || undefined}
            value={value}
            {...textarea}
          />
          {maxLength ? (
            <>
              <p
                className={isOver ? 'field__count field__count--over' : 'field__count'}
                id={countId}
                aria-hidden="true"
              >
                {countText}
              </p>
              <div className="visually-hidden" aria-live="polite">
                {announced}
              </div>
            </>
          ) : null}
        </>
      )}
    </Field>
  );
}
