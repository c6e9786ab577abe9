import { useState } from 'react';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useSession } from '../auth/session.tsx';
import { UploadResults } from './attachments.tsx';
import { formatDueDate } from './complaint-labels.ts';
import { ComplaintSubmitForm, type Submission } from './complaint-submit-form.tsx';

/** "MGS8C-8P7N4" → "M G S 8 C, 8 P 7 N 4": one symbol at a time, for reading it out. */
function spelled(trackingId: string): string {
  return trackingId
    .split('-')
    .map((group) => group.split('').join(' '))
    .join(', ');
}

function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <Button variant="secondary" onClick={copy}>
        {t('submit.done.copy')}
      </Button>
      <LiveRegion politeness="polite">
        {state === 'copied' ? <p className="copy-status">{t('submit.done.copied')}</p> : null}
        {state === 'failed' ? <p className="copy-status">{t('submit.done.copyFailed')}</p> : null}
      </LiveRegion>
    </>
  );
}

function Submitted({ result, onAnother }: { result: Submission; onAnother: () => void }) {
  const { t, language } = useI18n();
  const { submitted, uploads } = result;
  const hasFailures = uploads.some((upload) => !upload.isUploaded);
  return (
    <Page title={t('submit.done.title')} lead={t('submit.done.lead')} hasFocus>
      <section className="card card--success" aria-labelledby="tracking-heading">
        <h2 id="tracking-heading">{t('submit.done.trackingId')}</h2>
        <p className="tracking-id" data-testid="tracking-id">
          {submitted.trackingId}
        </p>
        <p className="muted">{t('submit.done.spelled', { spelled: spelled(submitted.trackingId) })}</p>
        <CopyButton text={submitted.trackingId} />
        <p className="due" data-testid="verification-due">
          {t('submit.done.due', { date: formatDueDate(language, submitted.dueAt) })}
        </p>
      </section>
      {uploads.length > 0 ? (
        <section className="card" aria-labelledby="uploads-heading">
          <h2 id="uploads-heading">{t('submit.done.attachments')}</h2>
          <UploadResults results={uploads} />
          {hasFailures ? <Alert variant="warning" title={t('submit.done.retry')} /> : null}
        </section>
      ) : null}
      <div className="actions">
        <Link href={`/lapor/${encodeURIComponent(submitted.trackingId)}`} className="button button--primary">
          {t('submit.done.follow')}
        </Link>
        <Button variant="secondary" onClick={onAnother}>
          {t('submit.done.another')}
        </Button>
      </div>
    </Page>
  );
}

/** /lapor: the report form for a logged-in citizen; anyone else is told how to get there. */
export function SubmitPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [result, setResult] = useState<Submission | undefined>();
  // A new form (after "file another") starts from scratch.
  const [formKey, setFormKey] = useState(0);

  if (session.status === 'loading') return <Loading />;
  if (result) {
    return (
      <Submitted
        result={result}
        onAnother={() => {
          setResult(undefined);
          setFormKey((current) => current + 1);
        }}
      />
    );
  }
  if (session.status === 'anonymous') {
    return (
      <Page title={t('submit.title')}>
        <section className="card" aria-labelledby="need-login-heading">
          <h2 id="need-login-heading">{t('submit.needLogin')}</h2>
          <p>{t('submit.needLogin.text')}</p>
          <div className="actions">
            <Link href="/masuk?lanjut=%2Flapor" className="button button--primary">
              {t('submit.needLogin.login')}
            </Link>
            <Link href="/daftar" className="button button--secondary">
              {t('submit.needLogin.register')}
            </Link>
          </div>
          <p>
            <Link href="/laporan">{t('submit.needLogin.track')}</Link>
          </p>
        </section>
      </Page>
    );
  }
  if (!session.user.scopes.includes('complaints:submit')) {
    return (
      <Page title={t('submit.title')}>
        <Alert variant="info" title={t('submit.notCitizen')} />
      </Page>
    );
  }
  return (
    <Page title={t('submit.title')} lead={t('submit.lead')}>
      <ComplaintSubmitForm key={formKey} user={session.user} onSubmitted={setResult} />
    </Page>
  );
}
