import type { MessageKey } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Page } from '../../ui/page.tsx';
import { useSession } from '../auth/session.tsx';

const SERVICES: Array<{ key: string; title: MessageKey; text: MessageKey }> = [
  { key: 'lapor', title: 'landing.lapor.title', text: 'landing.lapor.text' },
  { key: 'catalogue', title: 'landing.catalogue.title', text: 'landing.catalogue.text' },
  { key: 'identity', title: 'landing.identity.title', text: 'landing.identity.text' },
  { key: 'exchange', title: 'landing.exchange.title', text: 'landing.exchange.text' },
  { key: 'open-data', title: 'landing.openData.title', text: 'landing.openData.text' },
];

export function LandingPage() {
  const { t } = useI18n();
  const { session } = useSession();
  return (
    <Page title={t('landing.title')} lead={t('landing.lead')}>
      <div className="actions">
        {session.status === 'signed-in' ? (
          <Link href="/beranda" className="button button--primary">
            {t('landing.home')}
          </Link>
        ) : (
          <>
            <Link href="/daftar" className="button button--primary">
              {t('landing.register')}
            </Link>
            <Link href="/masuk" className="button button--secondary">
              {t('landing.login')}
            </Link>
          </>
        )}
      </div>
      <section aria-labelledby="services-heading">
        <h2 id="services-heading">{t('landing.servicesTitle')}</h2>
        <ul className="service-grid">
          {SERVICES.map((service) => (
            <li key={service.key} className={`service service--${service.key}`}>
              <h3>{t(service.title)}</h3>
              <p>{t(service.text)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="how-heading">
        <h2 id="how-heading">{t('landing.howTitle')}</h2>
        <ol className="steps">
          <li>{t('landing.how1')}</li>
          <li>{t('landing.how2')}</li>
          <li>{t('landing.how3')}</li>
        </ol>
      </section>
    </Page>
  );
}
