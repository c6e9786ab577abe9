import type { ReactNode, Ref } from 'react';

type AlertProps = {
  variant: 'error' | 'success' | 'info' | 'warning';
  title?: string | undefined;
  children?: ReactNode;
  ref?: Ref<HTMLDivElement>;
};

/** A boxed message. To have it announced, place it inside a LiveRegion. */
export function Alert({ variant, title, children, ref }: AlertProps) {
  return (
    <div ref={ref} className={`alert alert--${variant}`} tabIndex={-1}>
      {title ? <p className="alert__title">{title}</p> : null}
      {children ? <div className="alert__body">{children}</div> : null}
    </div>
  );
}

/**
 * Stays in the page even when empty, so that screen readers announce what is put into it:
 * assertive for errors, polite for confirmations.
 */
export function LiveRegion({
  politeness,
  children,
}: {
  politeness: 'assertive' | 'polite';
  children?: ReactNode;
}) {
  return (
    <div
      className="live-region"
      role={politeness === 'assertive' ? 'alert' : 'status'}
      aria-live={politeness}
      aria-atomic="true"
    >
      {children}
    </div>
  );
}
