import { type ReactNode, type TextareaHTMLAttributes, useEffect, useState } from 'react';
import { useI18n } from '../language.tsx';

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value'> & {
  id: string;
  label: string;
  value: string;
  help?: ReactNode;
  error?: string | undefined;
  optionalText?: string;
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
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const countId = maxLength ? `${id}-count` : undefined;
  const describedBy = [errorId, helpId, countId].filter(Boolean).join(' ') || undefined;
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
    <div className={['field', error ? 'field--error' : '', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optionalText ? <span className="field__optional"> {optionalText}</span> : null}
      </label>
      {help ? (
        <p className="field__help" id={helpId}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
      <textarea
        id={id}
        className="field__input field__textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
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
    </div>
  );
}
