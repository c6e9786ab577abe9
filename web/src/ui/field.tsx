import type { ReactNode } from 'react';

/** What a field gives its control to carry: whether it is invalid and the ids of the texts that describe it. */
export type FieldControl = { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

/** What a field shows around its control. */
export type FieldTexts = {
  /** The control's id, which the label names; the help and error take `${id}-help` and `${id}-error`. */
  id: string;
  label: string;
  help?: ReactNode;
  error?: string | undefined;
  /** Text shown after the label for optional fields, e.g. "(opsional)". */
  optionalText?: string | undefined;
};

type FieldProps = FieldTexts & {
  /** Classes after a field's own `field`; a group has none of its own, so it names all of them. */
  className?: string | undefined;
  /**
   * Several controls under a legend: a fieldset that the help and error describe itself, so its
   * controls get no aria-describedby of their own from here.
   */
  isGroup?: boolean;
  /** The control, or a function that renders it with what it carries. */
  children: ReactNode | ((control: FieldControl) => ReactNode);
};

/**
 * A form field's label (or legend), help and error, the last two tied to its control with
 * aria-describedby, and the control marked aria-invalid while there is an error.
 */
export function Field({
  id,
  label,
  help,
  error,
  optionalText,
  className,
  isGroup = false,
  children,
}: FieldProps) {
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  const caption = (
    <>
      {label}
      {optionalText ? <span className="field__optional"> {optionalText}</span> : null}
    </>
  );
  const content = (
    <>
      {isGroup ? (
        <legend className="field__label">{caption}</legend>
      ) : (
        <label className="field__label" htmlFor={id}>
          {caption}
        </label>
      )}
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
      {typeof children === 'function'
        ? children({
            'aria-invalid': error ? true : undefined,
            'aria-describedby': isGroup ? undefined : describedBy,
          })
        : children}
    </>
  );
  const errorClass = error ? 'field--error' : '';
  const classes = (isGroup ? [className, errorClass] : ['field', errorClass, className])
    .filter(Boolean)
    .join(' ');
  return isGroup ? (
    <fieldset className={classes} aria-describedby={describedBy}>
      {content}
    </fieldset>
  ) : (
    <div className={classes}>{content}</div>
  );
}
