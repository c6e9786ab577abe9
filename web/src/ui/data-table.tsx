import type { ReactNode } from 'react';
import { useI18n } from '../language.tsx';

/**
 * A table that scrolls sideways on narrow screens. The scrolling box is focusable and named, so
 * keyboard users can scroll it too.
 */
export function DataTable({
  caption,
  isWide = false,
  children,
}: {
  caption: string;
  /** Many columns: keep a readable width and scroll sideways on phones rather than squeeze. */
  isWide?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" tabIndex={0} aria-label={t('table.label', { caption })}>
      <table className={isWide ? 'table table--wide' : 'table'}>
        <caption className="visually-hidden">{caption}</caption>
        {children}
      </table>
    </section>
  );
}
