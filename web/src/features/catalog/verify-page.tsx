import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { useCatalogText } from './catalog-text.ts';
import type { Verification } from './catalog-types.ts';

/**
 * /verify/{documentId}: the page a result's QR code opens. It says whether the record carries a
 * valid signature of the issuing agency, shows what was issued, and checks an uploaded copy.
 */
export function VerifyPage({ documentId }: { documentId: string }) {
  const { tc, language } = useCatalogText();
  const resource = useResource<Verification>(
    `/public/documents/${encodeURIComponent(documentId)}/verification`,
  );
  const [checked, setChecked] = useState<Verification | undefined>();
  const [file, setFile] = useState<File | undefined>();
  const [error, setError] = useState<string | undefined>();
  const result = checked ?? resource.data;

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    try {
      setChecked(
        await api.upload<Verification>(
          `/public/documents/${encodeURIComponent(documentId)}/verification`,
          form,
        ),
      );
      setError(undefined);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.problem.title : String(caught));
    }
  };

  if (resource.problem)
    return (
      <Page title={tc('verify.title')}>
        <Alert variant="error" title={tc('verify.unknown')}>
          <p data-testid="verify-result" data-authentic="false">
            {resource.problem.title}
          </p>
        </Alert>
      </Page>
    );
  if (!result?.issued) return <Loading />;
  const issued = result.issued;
  return (
    <Page title={tc('verify.title')}>
      <div aria-live="polite">
        {result.isAuthentic ? (
          <Alert variant="success" title={tc('verify.authentic', { agency: issued.agency })}>
            <p data-testid="verify-result" data-authentic="true">
              {issued.title} — {issued.documentNumber}
            </p>
          </Alert>
        ) : (
          <Alert variant="error" title={tc('verify.notAuthentic')}>
            <p data-testid="verify-result" data-authentic="false">
              {result.fileMatches === false ? tc('verify.fileDiffers') : issued.documentNumber}
            </p>
          </Alert>
        )}
        {result.fileMatches === true ? <p data-testid="file-matches">{tc('verify.fileMatches')}</p> : null}
      </div>
      <section className="card" aria-labelledby="issued-heading">
        <h2 id="issued-heading">{issued.title}</h2>
        <dl className="summary-list summary-list--compact">
          <div>
            <dt>{tc('verify.number')}</dt>
            <dd className="mono">{issued.documentNumber}</dd>
          </div>
          <div>
            <dt>{tc('service.agency')}</dt>
            <dd>{issued.agency}</dd>
          </div>
          {issued.holder ? (
            <div>
              <dt>{tc('verify.holder')}</dt>
              <dd>{issued.holder}</dd>
            </div>
          ) : null}
          <div>
            <dt>{tc('verify.issuedAt')}</dt>
            <dd>{formatDateTime(language, issued.issuedAt)}</dd>
          </div>
          <div>
            <dt>{tc('verify.fingerprint')}</dt>
            <dd className="mono small">{issued.pdfSha256}</dd>
          </div>
        </dl>
      </section>
      <form className="card stack" onSubmit={check}>
        <h2>{tc('verify.checkFile')}</h2>
        {error ? <Alert variant="error" title={error} /> : null}
        <Field id="verify-file" label={tc('verify.checkFile')} help={tc('verify.checkFileHelp')}>
          {(control) => (
            <input
              id="verify-file"
              type="file"
              accept="application/pdf"
              className="field__input"
              onChange={(event) => setFile(event.target.files?.[0])}
              {...control}
            />
          )}
        </Field>
        <Button type="submit" disabled={!file}>
          {tc('verify.check')}
        </Button>
      </form>
    </Page>
  );
}
