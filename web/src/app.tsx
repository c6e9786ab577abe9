import { Fragment, lazy, type ReactNode, Suspense } from 'react';
import { AuditPage } from './features/admin/audit-page.tsx';
import { MailMessagePage } from './features/admin/mail-message-page.tsx';
import { MailboxPage } from './features/admin/mailbox-page.tsx';
import { ForgotPasswordPage } from './features/auth/forgot-password-page.tsx';
import { HomePage } from './features/auth/home-page.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { RegisterPage } from './features/auth/register-page.tsx';
import { ResetPasswordPage } from './features/auth/reset-password-page.tsx';
import { SessionProvider } from './features/auth/session.tsx';
import { VerifyEmailPage } from './features/auth/verify-email-page.tsx';
import { catalogPageFor } from './features/catalog/catalog-routes.tsx';
import { ComplaintPage } from './features/complaints/complaint-page.tsx';
import { DuplicatesPage } from './features/complaints/duplicates-page.tsx';
import { OfficerQueuePage } from './features/complaints/officer-queue-page.tsx';
import { PublicFeedPage } from './features/complaints/public-feed-page.tsx';
import { SubmitPage } from './features/complaints/submit-page.tsx';
import { RoutingModelsPage } from './features/insights/routing-models-page.tsx';
import { ApiKeysPage } from './features/open311/api-keys-page.tsx';
import { LandingPage } from './features/public/landing-page.tsx';
import { NotFoundPage } from './features/public/not-found-page.tsx';
import { LanguageProvider } from './language.tsx';
import { usePathname } from './router.tsx';
import { Layout } from './ui/layout.tsx';
import { Loading } from './ui/loading.tsx';

/** Loaded on its own: its chart library is not needed anywhere else. */
const StatisticsPage = lazy(() =>
  import('./features/statistics/statistics-page.tsx').then((module) => ({ default: module.StatisticsPage })),
);

const PAGES: Record<string, () => ReactNode> = {
  '/': () => <LandingPage />,
  '/daftar': () => <RegisterPage />,
  '/masuk': () => <LoginPage />,
  '/verifikasi-email': () => <VerifyEmailPage />,
  '/lupa-sandi': () => <ForgotPasswordPage />,
  '/atur-ulang-sandi': () => <ResetPasswordPage />,
  '/beranda': () => <HomePage />,
  '/admin/surat': () => <MailboxPage />,
  '/admin/audit': () => <AuditPage />,
  '/admin/kunci-api': () => <ApiKeysPage />,
  '/lapor': () => <SubmitPage />,
  '/laporan': () => <PublicFeedPage />,
  '/petugas/laporan': () => <OfficerQueuePage />,
  '/petugas/duplikat': () => <DuplicatesPage />,
  '/admin/model-rute': () => <RoutingModelsPage />,
  '/statistik': () => (
    <Suspense fallback={<Loading />}>
      <StatisticsPage />
    </Suspense>
  ),
};

const MAIL_MESSAGE = /^\/admin\/surat\/([^/]+)$/;
const REPORT = /^\/lapor\/([^/]+)$/;
const OFFICER_REPORT = /^\/petugas\/laporan\/([^/]+)$/;

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function pageFor(pathname: string): ReactNode {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const page = PAGES[path];
  if (page) return page();
  const mail = MAIL_MESSAGE.exec(path);
  if (mail?.[1]) return <MailMessagePage id={safeDecode(mail[1])} />;
  const report = REPORT.exec(path) ?? OFFICER_REPORT.exec(path);
  if (report?.[1]) {
    return <ComplaintPage trackingId={safeDecode(report[1])} isOfficerPage={path.startsWith('/petugas/')} />;
  }
  const catalogPage = catalogPageFor(path);
  if (catalogPage) return catalogPage;
  return <NotFoundPage />;
}

function Routes() {
  const pathname = usePathname();
  // The key remounts the page on navigation, so that forms start empty and headings take focus.
  return (
    <Layout>
      <Fragment key={pathname}>{pageFor(pathname)}</Fragment>
    </Layout>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </LanguageProvider>
  );
}
