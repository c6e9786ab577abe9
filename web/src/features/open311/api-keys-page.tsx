import { useState } from 'react';
import type { z } from 'zod';
import type {
  ApiKeyView,
  CreateApiKey,
  IssuedApiKey as IssuedApiKeySchema,
} from '../../../../src/modules/open311/open311.contracts.ts';
import { api, problemOf } from '../../api.ts';
import type { Items, Problem } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useForm } from '../../ui/use-form.ts';
import { useResource } from '../../use-resource.ts';
import { RequireSession } from '../auth/require-session.tsx';

type IssuedApiKey = z.infer<typeof IssuedApiKeySchema>;
const FORM_ID = 'issue-api-key';
type Field = 'name' | 'regionCode' | 'rateLimitPerMinute';

/** apikeys:manage — issue Open311 keys to agency systems and civic apps, see and revoke them. */
export function ApiKeysPage() {
  const { t } = useI18n();
  return (
    <RequireSession scope="apikeys:manage" title={t('apiKeys.title')}>
      {() => <ApiKeys />}
    </RequireSession>
  );
}

function ApiKeys() {
  const { t, language } = useI18n();
  const keys = useResource<Items<ApiKeyView>>('/open311/api-keys');
  const [issued, setIssued] = useState<IssuedApiKey | undefined>();
  const [revokeProblem, setRevokeProblem] = useState<Problem | undefined>();
  const [revoking, setRevoking] = useState<string | undefined>();

  const revoke = async (key: ApiKeyView) => {
    if (!window.confirm(t('apiKeys.revoke.confirm', { name: key.name }))) return;
    setRevoking(key.id);
    setRevokeProblem(undefined);
    try {
      await api.post(`/open311/api-keys/${encodeURIComponent(key.id)}/revoke`);
      keys.reload();
    } catch (error) {
      setRevokeProblem(problemOf(error));
    } finally {
      setRevoking(undefined);
    }
  };

  const items = keys.data?.items;
  return (
    <Page title={t('apiKeys.title')} lead={t('apiKeys.lead')} isWide>
      <IssueForm
        onIssued={(key) => {
          setIssued(key);
          keys.reload();
        }}
      />
      <LiveRegion politeness="polite">
        {issued ? (
          <Alert variant="success" title={t('apiKeys.issued', { name: issued.name })}>
            <p>{t('apiKeys.issued.once')}</p>
            <p>
              <code className="secret" data-testid="issued-key">
                {issued.key}
              </code>
            </p>
          </Alert>
        ) : null}
      </LiveRegion>
      <section aria-labelledby="api-keys-heading">
        <h2 id="api-keys-heading">{t('apiKeys.list')}</h2>
        {keys.problem ? <Alert variant="error" title={keys.problem.title} /> : null}
        {revokeProblem ? <Alert variant="error" title={revokeProblem.title} /> : null}
        {keys.isLoading && !items ? <Loading /> : null}
        {items && items.length === 0 ? <p>{t('apiKeys.empty')}</p> : null}
        {items && items.length > 0 ? (
          <DataTable caption={t('apiKeys.list')} isWide>
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.name')}</th>
                <th scope="col">{t('apiKeys.prefix')}</th>
                <th scope="col">{t('apiKeys.region')}</th>
                <th scope="col">{t('apiKeys.createdAt')}</th>
                <th scope="col">{t('apiKeys.lastUsedAt')}</th>
                <th scope="col">{t('apiKeys.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((key) => (
                <tr key={key.id}>
                  <td className="cell-wide">{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{key.regionCode ?? '—'}</td>
                  <td className="nowrap">{formatDateTime(language, key.createdAt)}</td>
                  <td className="nowrap">
                    {key.lastUsedAt ? formatDateTime(language, key.lastUsedAt) : '—'}
                  </td>
                  <td>
                    {key.revokedAt ? (
                      <span className="badge badge--error">{t('apiKeys.revoked')}</span>
                    ) : (
                      <Button
                        variant="secondary"
                        isBusy={revoking === key.id}
                        busyLabel={t('form.sending')}
                        aria-label={t('apiKeys.revoke.label', { name: key.name })}
                        onClick={() => void revoke(key)}
                      >
                        {t('apiKeys.revoke')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : null}
      </section>
    </Page>
  );
}

function IssueForm({ onIssued }: { onIssued: (key: IssuedApiKey) => void }) {
  const { t } = useI18n();
  const initial: Record<Field, string> = { name: '', regionCode: '', rateLimitPerMinute: '' };
  const form = useForm<Field>(FORM_ID, initial, { codeFields: { REGION_UNKNOWN: 'regionCode' } });
  const labels: Record<Field, string> = {
    name: t('apiKeys.name'),
    regionCode: t('apiKeys.region'),
    rateLimitPerMinute: t('apiKeys.rate'),
  };
  const submit = form.onSubmit(
    (values) => {
      const errors: Partial<Record<Field, string>> = {};
      if (values.name.trim().length < 3) errors.name = t('apiKeys.name.min');
      if (values.regionCode.trim() && !/^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/.test(values.regionCode.trim())) {
        errors.regionCode = t('apiKeys.region.invalid');
      }
      const rate = values.rateLimitPerMinute.trim();
      if (rate && !(/^\d+$/.test(rate) && Number(rate) >= 1))
        errors.rateLimitPerMinute = t('apiKeys.rate.invalid');
      return errors;
    },
    async (values) => {
      const body: CreateApiKey = {
        name: values.name.trim(),
        ...(values.regionCode.trim() ? { regionCode: values.regionCode.trim() } : {}),
        ...(values.rateLimitPerMinute.trim()
          ? { rateLimitPerMinute: Number(values.rateLimitPerMinute) }
          : {}),
      };
      onIssued(await api.post<IssuedApiKey>('/open311/api-keys', body));
      form.reset(initial);
    },
  );
  return (
    <section className="card" aria-labelledby="issue-api-key-heading">
      <h2 id="issue-api-key-heading">{t('apiKeys.issue')}</h2>
      <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
      <form className="form" noValidate onSubmit={submit} aria-labelledby="issue-api-key-heading">
        <TextField {...form.bind('name')} label={labels.name} autoComplete="off" maxLength={100} required />
        <TextField
          {...form.bind('regionCode')}
          label={labels.regionCode}
          help={t('apiKeys.region.help')}
          optionalText={t('form.optional')}
          autoComplete="off"
          inputMode="decimal"
          spellCheck={false}
        />
        <TextField
          {...form.bind('rateLimitPerMinute')}
          label={labels.rateLimitPerMinute}
          help={t('apiKeys.rate.help')}
          optionalText={t('form.optional')}
          autoComplete="off"
          inputMode="numeric"
        />
        <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
          {t('apiKeys.issue.submit')}
        </Button>
      </form>
    </section>
  );
}
