import './catalog.css';
import type { ReactNode } from 'react';
import { ApplicationQueuePage, MyApplicationsPage } from './application-lists.tsx';
import { ApplicationPage } from './application-page.tsx';
import { BundlePage, BundleStartPage } from './bundle-pages.tsx';
import { CataloguePage } from './catalogue-page.tsx';
import { ServiceAdminListPage, ServiceEditorPage } from './service-admin-pages.tsx';
import { ServicePage } from './service-page.tsx';
import { VerifyPage } from './verify-page.tsx';

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** The catalogue's pages by path; undefined when the path is not one of them. */
export function catalogPageFor(path: string): ReactNode | undefined {
  if (path === '/layanan') return <CataloguePage />;
  if (path === '/permohonan') return <MyApplicationsPage />;
  if (path === '/paket') return <BundleStartPage />;
  if (path === '/petugas/permohonan') return <ApplicationQueuePage />;
  if (path === '/admin/layanan') return <ServiceAdminListPage />;
  const match = /^\/(layanan|permohonan|paket|petugas\/permohonan|admin\/layanan|verify)\/([^/]+)$/.exec(
    path,
  );
  if (!match?.[2]) return undefined;
  const id = decode(match[2]);
  switch (match[1]) {
    case 'layanan':
      return <ServicePage serviceId={id} />;
    case 'permohonan':
      return <ApplicationPage reference={id} isOfficerPage={false} />;
    case 'paket':
      return <BundlePage reference={id} />;
    case 'petugas/permohonan':
      return <ApplicationPage reference={id} isOfficerPage />;
    case 'admin/layanan':
      return <ServiceEditorPage serviceId={id} />;
    default:
      return <VerifyPage documentId={id} />;
  }
}
