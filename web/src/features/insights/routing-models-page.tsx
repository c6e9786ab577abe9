import { useState } from 'react';
import type {
  AccuracyReport,
  ModelKind,
  ModelView,
} from '../../../../src/modules/insights/insights.contracts.ts';
import { ApiError, api } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { RequireSession } from '../auth/require-session.tsx';

const figure = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : value.toFixed(3);

/** Routing models (which is active, their training data and evaluation), switching, roll-back, accuracy. */
export function RoutingModelsPage() {
  const { t } = useI18n();
  return (
    <RequireSession scope="insights:manage" title={t('routing.admin.title')}>
      {() => <RoutingModels />}
    </RequireSession>
  );
}

function RoutingModels() {
  const { t, language } = useI18n();
  const models = useResource<{ models: ModelView[] }>('/insights/models');
  const accuracy = useResource<AccuracyReport>('/insights/accuracy');
  const [message, setMessage] = useState<{ variant: 'success' | 'error'; title: string; detail?: string }>();
  const [busy, setBusy] = useState<string>();

  const run = async (key: string, path: string, body?: unknown) => {
    setBusy(key);
    try {
      const model = await api.post<ModelView>(path, body);
      setMessage({ variant: 'success', title: t('routing.admin.activated', { version: model.version }) });
      models.reload();
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : undefined;
      setMessage({
        variant: 'error',
        title: problem?.title ?? t('error.unexpected'),
        ...(problem && 'detail' in problem && typeof problem.detail === 'string'
          ? { detail: problem.detail }
          : {}),
      });
    } finally {
      setBusy(undefined);
    }
  };

  const list = models.data?.models ?? [];
  return (
    <Page title={t('routing.admin.title')} lead={t('routing.admin.lead')} isWide>
      <div aria-live="polite">
        {message ? (
          <Alert variant={message.variant} title={message.title}>
            {message.detail ? <p>{message.detail}</p> : null}
          </Alert>
        ) : null}
      </div>
      {models.problem ? <Alert variant="error" title={models.problem.title} /> : null}
      {models.isLoading && !models.data ? <Loading /> : null}
      {models.data && list.length === 0 ? <p>{t('routing.admin.empty')}</p> : null}
      {(['agency', 'category'] as ModelKind[]).map((kind) => {
        const ofKind = list.filter((model) => model.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <section key={kind} aria-labelledby={`models-${kind}`}>
            <h2 id={`models-${kind}`}>{t(kind === 'agency' ? 'routing.agencies' : 'routing.categories')}</h2>
            <Button
              variant="secondary"
              isBusy={busy === `rollback-${kind}`}
              busyLabel={t('form.sending')}
              onClick={() => run(`rollback-${kind}`, `/insights/models/${kind}/rollback`)}
            >
              {t('routing.admin.rollback')}
            </Button>
            <DataTable caption={t(kind === 'agency' ? 'routing.agencies' : 'routing.categories')} isWide>
              <thead>
                <tr>
                  <th scope="col">{t('routing.admin.version')}</th>
                  <th scope="col">{t('routing.admin.data')}</th>
                  <th scope="col">{t('routing.admin.evaluation')}</th>
                  <th scope="col">{t('routing.admin.state')}</th>
                </tr>
              </thead>
              <tbody>
                {ofKind.map((model) => (
                  <tr key={model.version}>
                    <td>
                      <span className="mono">{model.version}</span>
                      <span className="muted block">{formatDateTime(language, model.createdAt)}</span>
                    </td>
                    <td>
                      {model.trainingData.description}
                      <span className="muted block">
                        {t('routing.admin.rows', {
                          rows: String(model.trainingData.rows),
                          labels: String(model.labelCount),
                        })}
                      </span>
                    </td>
                    <td className="mono">
                      {model.evaluation
                        ? `acc ${figure(model.evaluation.accuracy)} · top3 ${figure(model.evaluation.top3)} · F1 ${figure(model.evaluation.macroF1)} · top20 ${figure(model.evaluation.top20Accuracy)} (n=${model.evaluation.n})`
                        : t('home.none')}
                    </td>
                    <td>
                      {model.isActive ? (
                        <strong>{t('routing.admin.active')}</strong>
                      ) : (
                        <Button
                          variant="secondary"
                          aria-label={t('routing.admin.activateVersion', { version: model.version })}
                          isBusy={busy === model.version}
                          busyLabel={t('form.sending')}
                          onClick={() =>
                            run(model.version, `/insights/models/${kind}/activate`, {
                              version: model.version,
                            })
                          }
                        >
                          {t('routing.admin.activate')}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          </section>
        );
      })}
      <section aria-labelledby="accuracy-heading">
        <h2 id="accuracy-heading">{t('routing.accuracy.title')}</h2>
        <p>
          {accuracy.data
            ? t('routing.accuracy.total', {
                followed: String(accuracy.data.total.followed),
                routed: String(accuracy.data.total.routed),
                accuracy: figure(accuracy.data.total.accuracy),
              })
            : null}
        </p>
        {accuracy.data && accuracy.data.weeks.length > 0 ? (
          <DataTable caption={t('routing.accuracy.title')}>
            <thead>
              <tr>
                <th scope="col">{t('routing.accuracy.week')}</th>
                <th scope="col">{t('routing.accuracy.routed')}</th>
                <th scope="col">{t('routing.accuracy.followed')}</th>
                <th scope="col">{t('routing.accuracy.inTop3')}</th>
                <th scope="col">{t('routing.accuracy.automatic')}</th>
              </tr>
            </thead>
            <tbody>
              {accuracy.data.weeks.map((week) => (
                <tr key={week.week}>
                  <td>{week.week}</td>
                  <td>{week.routed}</td>
                  <td>
                    {week.followed} ({figure(week.accuracy)})
                  </td>
                  <td>{week.inTop3}</td>
                  <td>{week.automatic}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : null}
      </section>
    </Page>
  );
}
