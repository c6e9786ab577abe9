import { type ReactNode, useState } from 'react';
import { useSession } from '../features/auth/session.tsx';
import { useCatalogText } from '../features/catalog/catalog-text.ts';
import { useI18n } from '../language.tsx';
import { Link, navigate, usePathname } from '../router.tsx';

function NavLink({
  href,
  isExact = false,
  children,
}: {
  href: string;
  isExact?: boolean;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const isCurrent = pathname === href || (!isExact && href !== '/' && pathname.startsWith(`${href}/`));
  return (
    <li>
      <Link href={href} className="nav__link" aria-current={isCurrent ? 'page' : undefined}>
        {children}
      </Link>
    </li>
  );
}

function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const next = language === 'id' ? 'en' : 'id';
  // Named in the language it switches to, so that speakers of that language find it.
  return (
    <button type="button" className="language-switch" lang={next} onClick={() => setLanguage(next)}>
      <svg className="language-switch__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3z" />
      </svg>
      <span className="visually-hidden">{t('language.switchPrefix')}</span>
      {t('language.switch')}
    </button>
  );
}

function LogoutButton() {
  const { t } = useI18n();
  const { signOut } = useSession();
  const [isBusy, setBusy] = useState(false);
  return (
    <li>
      <button
        type="button"
        className="nav__link nav__button"
        disabled={isBusy}
        onClick={async () => {
          setBusy(true);
          try {
            await signOut();
            navigate('/');
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('nav.logout')}
      </button>
    </li>
  );
}

/** Skip link, header with navigation and language switch, the page, and the footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { tc } = useCatalogText();
  const { session } = useSession();
  const scopes = session.user?.scopes ?? [];
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="header">
        <div className="header__flag" aria-hidden="true" />
        <div className="header__inner container">
          <Link href="/" className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <span className="brand__text">
              <span className="brand__name">{t('app.name')}</span>
              <span className="brand__tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <LanguageSwitch />
        </div>
        <nav className="nav" aria-label={t('nav.label')}>
          <ul className="nav__list container">
            {session.status === 'signed-in' ? (
              <>
                <NavLink href="/beranda">{t('nav.home')}</NavLink>
                {scopes.includes('complaints:submit') ? (
                  <NavLink href="/lapor" isExact>
                    {t('nav.lapor')}
                  </NavLink>
                ) : null}
                <NavLink href="/laporan">{t('nav.publicReports')}</NavLink>
                <NavLink href="/layanan">{tc('nav.services')}</NavLink>
                {scopes.includes('applications:submit') ? (
                  <NavLink href="/permohonan">{tc('nav.applications')}</NavLink>
                ) : null}
                {scopes.includes('applications:process') ? (
                  <NavLink href="/petugas/permohonan">{tc('nav.applicationQueue')}</NavLink>
                ) : null}
                {scopes.includes('catalog:manage') ? (
                  <NavLink href="/admin/layanan">{tc('nav.manageServices')}</NavLink>
                ) : null}
                <NavLink href="/statistik">{t('nav.statistics')}</NavLink>
                {scopes.includes('complaints:read') ? (
                  <NavLink href="/petugas/laporan">{t('nav.queue')}</NavLink>
                ) : null}
                {scopes.includes('mailbox:read') ? (
                  <NavLink href="/admin/surat">{t('nav.mailbox')}</NavLink>
                ) : null}
                {scopes.includes('audit:read') ? (
                  <NavLink href="/admin/audit">{t('nav.audit')}</NavLink>
                ) : null}
                {scopes.includes('apikeys:manage') ? (
                  <NavLink href="/admin/kunci-api">{t('nav.apiKeys')}</NavLink>
                ) : null}
                {scopes.includes('insights:manage') ? (
                  <NavLink href="/admin/model-rute">{t('nav.routing')}</NavLink>
                ) : null}
                <LogoutButton />
              </>
            ) : (
              <>
                <NavLink href="/">{t('nav.start')}</NavLink>
                <NavLink href="/lapor" isExact>
                  {t('nav.lapor')}
                </NavLink>
                <NavLink href="/laporan">{t('nav.publicReports')}</NavLink>
                <NavLink href="/layanan">{tc('nav.services')}</NavLink>
                <NavLink href="/statistik">{t('nav.statistics')}</NavLink>
                <NavLink href="/masuk">{t('nav.login')}</NavLink>
                <NavLink href="/daftar">{t('nav.register')}</NavLink>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" className="main container" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <div className="container">
          <p>{t('app.footer')}</p>
          <p>{t('app.footerLicense')}</p>
          <p>
            <a href="/docs">{t('app.apiDocs')}</a>
          </p>
        </div>
      </footer>
    </div>
  );
}
