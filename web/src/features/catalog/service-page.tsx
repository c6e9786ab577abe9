import { useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Problem } from '../../contracts.ts';
import { Link, navigate } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { useSession } from '../auth/session.tsx';
import { useCatalogText } from './catalog-text.ts';
import {
  type ApplicationView,
  COMPONENT_LABELS,
  type PublicService,
  STANDARD_COMPONENTS,
} from './catalog-types.ts';
import { formatRupiah } from './catalogue-page.tsx';
import { SatisfactionSummary } from './satisfaction-summary.tsx';

/** /layanan/{id}: a service's standard, requirements, steps, time, cost and IKM, and the way to apply. */
export function ServicePage({ serviceId }: { serviceId: string }) {
  const { tc, pick, language } = useCatalogText();
  const { session } = useSession();
  const service = useResource<PublicService>(`/public/services/${encodeURIComponent(serviceId)}`);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isBusy, setBusy] = useState(false);
  if (service.problem) return <Page title={service.problem.title} />;
  if (!service.data) return <Loading />;
  const data = service.data;
  const canApply = session.status === 'signed-in' && session.user.scopes.includes('applications:submit');

  const apply = async () => {
    setBusy(true);
    try {
      const view = await api.post<ApplicationView>('/applications', { serviceId: data.id });
      navigate(`/permohonan/${view.referenceNumber}`);
    } catch (error) {
      if (error instanceof ApiError) setProblem(error.problem);
      setBusy(false);
    }
  };

  return (
    <Page title={language === 'en' && data.nameEn ? data.nameEn : data.name} lead={data.summary}>
      <section className="card" aria-labelledby="service-facts">
        <h2 id="service-facts">{data.agency.name}</h2>
        <dl className="summary-list summary-list--compact">
          <div>
            <dt>{tc('service.time')}</dt>
            <dd>{tc('service.days', { days: String(data.totalWorkingDays) })}</dd>
          </div>
          <div>
            <dt>{tc('service.cost')}</dt>
            <dd>{data.costRupiah === 0 ? tc('service.free') : formatRupiah(data.costRupiah, language)}</dd>
          </div>
          <div>
            <dt>{tc('service.satisfaction')}</dt>
            <dd>
              <SatisfactionSummary satisfaction={data.satisfaction} />
            </dd>
          </div>
        </dl>
        {problem ? <Alert variant="error" title={problem.title} /> : null}
        {canApply ? (
          <Button type="button" onClick={apply} disabled={isBusy}>
            {tc('service.apply')}
          </Button>
        ) : session.status !== 'signed-in' ? (
          <p>
            <Link href="/masuk">{tc('service.loginToApply')}</Link>
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="service-documents">
        <h2 id="service-documents">{tc('service.documents')}</h2>
        <ul>
          {data.documents.map((document) => (
            <li key={document.key}>
              {pick(document.label)} ({document.isRequired ? tc('service.required') : tc('service.optional')})
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="service-steps">
        <h2 id="service-steps">{tc('service.steps')}</h2>
        <ol>
          {data.steps.map((step) => (
            <li key={step.key}>
              {pick(step.label)} — {tc('service.days', { days: String(step.workingDays) })}
            </li>
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="service-standard">
        <h2 id="service-standard">{tc('service.standard')}</h2>
        <dl className="summary-list">
          {STANDARD_COMPONENTS.filter((key) => data.standard[key]).map((key) => (
            <div key={key}>
              <dt>{pick(COMPONENT_LABELS[key])}</dt>
              <dd>{pick(data.standard[key])}</dd>
            </div>
          ))}
        </dl>
        <p className="muted small">{tc('service.version', { version: String(data.version) })}</p>
      </section>
    </Page>
  );
}
