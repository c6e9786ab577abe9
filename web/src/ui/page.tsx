import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../language.tsx';

/** The path whose heading last took focus; the page first loaded needs none. */
let focusedPath = window.location.pathname;

/**
 * A page: its <h1>, the document title, and focus on the heading after an in-app navigation so
 * that screen readers announce the new page (a full page load starts at the top on its own).
 */
export function Page({
  title,
  lead,
  isWide = false,
  hasFocus = false,
  children,
}: {
  title: string;
  lead?: ReactNode;
  /** For wide tables: lets the page use more of a large screen. */
  isWide?: boolean;
  /** Takes focus on mount although the address did not change (e.g. a confirmation replacing a form). */
  hasFocus?: boolean;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);

  useEffect(() => {
    if (hasFocus) {
      focusedPath = window.location.pathname;
      headingRef.current?.focus({ preventScroll: false });
      return;
    }
    if (window.location.pathname === focusedPath) return;
    focusedPath = window.location.pathname;
    headingRef.current?.focus({ preventScroll: true });
  }, [hasFocus]);

  return (
    <div className={isWide ? 'page page--wide' : 'page'}>
      <h1 ref={headingRef} tabIndex={-1} className="page-title">
        {title}
      </h1>
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </div>
  );
}
