import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Page } from '../../ui/page.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')} lead={t('notFound.text')}>
      <p>
        <Link href="/">{t('notFound.back')}</Link>
      </p>
    </Page>
  );
}
