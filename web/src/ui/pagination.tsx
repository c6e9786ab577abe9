import { useI18n } from '../language.tsx';
import { Link } from '../router.tsx';

/** Previous / next links with "page x of y"; hrefs come from the caller so filters stay in the address. */
export function Pagination({
  page,
  pageSize,
  total,
  hrefFor,
}: {
  page: number;
  pageSize: number;
  total: number;
  hrefFor: (page: number) => string;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <ul className="pagination__list">
        {page > 1 ? (
          <li>
            <Link href={hrefFor(page - 1)} rel="prev">
              {t('pagination.previous')}
            </Link>
          </li>
        ) : null}
        <li>{t('pagination.status', { page: String(page), pages: String(pages) })}</li>
        {page < pages ? (
          <li>
            <Link href={hrefFor(page + 1)} rel="next">
              {t('pagination.next')}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
