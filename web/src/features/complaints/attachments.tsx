import { type ChangeEvent, useId, useState } from 'react';
import { api, problemOf } from '../../api.ts';
import type { Attachment } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';

/** The server's default limit (ATTACHMENT_MAX_BYTES); a larger file is not even sent. */
export const MAX_ATTACHMENT_BYTES = 5 * 1_048_576;
export const ACCEPTED_TYPES = 'image/jpeg,image/png,application/pdf';

export type UploadResult = { name: string } & (
  | { isUploaded: true; attachment: Attachment }
  | { isUploaded: false; message: string }
);

/** Uploads one file at a time (the server takes one per request) and keeps each file's outcome. */
export async function uploadAttachments(trackingId: string, files: readonly File[]): Promise<UploadResult[]> {
  const results: UploadResult[] = [];
  for (const file of files) {
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const attachment = await api.upload<Attachment>(
        `/complaints/${encodeURIComponent(trackingId)}/attachments`,
        form,
      );
      results.push({ name: file.name, isUploaded: true, attachment });
    } catch (error) {
      results.push({ name: file.name, isUploaded: false, message: problemOf(error).title });
    }
  }
  return results;
}

export function formatSize(bytes: number, language: 'id' | 'en'): string {
  const locale = language === 'id' ? 'id-ID' : 'en-GB';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1_048_576)
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(bytes / 1024)} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1_048_576)} MB`;
}

/**
 * Chooses files to attach: each choice adds to the list (so photos can come from several folders),
 * each file can be removed, and files over the limit are flagged before anything is sent.
 */
export function AttachmentPicker({
  id,
  label,
  help,
  optionalText,
  files,
  onChange,
}: {
  id: string;
  label: string;
  help: string;
  optionalText?: string;
  files: readonly File[];
  onChange: (files: File[]) => void;
}) {
  const { t, language } = useI18n();
  const helpId = `${id}-help`;
  const listId = `${id}-list`;
  const add = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(event.target.files ?? []);
    // Cleared so that choosing the same file again (after removing it) fires a change.
    event.target.value = '';
    if (chosen.length > 0) onChange([...files, ...chosen]);
  };
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
        {optionalText ? <span className="field__optional"> {optionalText}</span> : null}
      </label>
      <p className="field__help" id={helpId}>
        {help}
      </p>
      <input
        id={id}
        className="field__file"
        type="file"
        accept={ACCEPTED_TYPES}
        multiple
        aria-describedby={files.length > 0 ? `${helpId} ${listId}` : helpId}
        onChange={add}
      />
      {files.length > 0 ? (
        <div id={listId}>
          <p className="visually-hidden">{t('submit.attachments.chosen')}</p>
          <ul className="file-list">
            {files.map((file, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the same file may be chosen twice; removal is by position
              <li key={`${file.name}-${file.size}-${file.lastModified}-${index}`} className="file-list__item">
                <span className="break">
                  {file.name} <span className="muted">({formatSize(file.size, language)})</span>
                  {file.size > MAX_ATTACHMENT_BYTES ? (
                    <span className="field__error block">{t('submit.attachments.tooLarge')}</span>
                  ) : null}
                </span>
                <Button variant="quiet" onClick={() => onChange(files.filter((_, other) => other !== index))}>
                  {t('submit.attachments.remove', { name: file.name })}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** What became of each file: uploaded, or the server's reason why not. */
export function UploadResults({ results }: { results: readonly UploadResult[] }) {
  const { t } = useI18n();
  if (results.length === 0) return null;
  return (
    <ul className="upload-results">
      {results.map((result, index) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: two files may share a name; the order is fixed
          key={`${result.name}-${index}`}
          className={result.isUploaded ? 'upload-results__ok' : 'upload-results__failed'}
        >
          {result.isUploaded
            ? t('submit.done.uploaded', { name: result.name })
            : t('submit.done.failed', { name: result.name, error: result.message })}
        </li>
      ))}
    </ul>
  );
}

/** The report's attachments as download links (the reporter's and handling officers' eyes only). */
export function AttachmentList({
  trackingId,
  attachments,
}: {
  trackingId: string;
  attachments: readonly Attachment[];
}) {
  const { t, language } = useI18n();
  if (attachments.length === 0) return <p>{t('report.attachments.empty')}</p>;
  return (
    <ul className="attachment-list">
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          <a
            href={`/api/v1/complaints/${encodeURIComponent(trackingId)}/attachments/${encodeURIComponent(attachment.id)}`}
            download={attachment.fileName}
            className="break"
          >
            {attachment.fileName}
          </a>{' '}
          <span className="muted">
            ({formatSize(attachment.size, language)}, {t(`report.attachments.${attachment.uploadedBy}`)},{' '}
            {formatDateTime(language, attachment.createdAt)})
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Adds attachments to an existing report. */
export function AddAttachments({ trackingId, onUploaded }: { trackingId: string; onUploaded: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [results, setResults] = useState<UploadResult[]>([]);
  const [isBusy, setBusy] = useState(false);
  const [isEmpty, setEmpty] = useState(false);

  const upload = async () => {
    const sendable = files.filter((file) => file.size <= MAX_ATTACHMENT_BYTES);
    if (sendable.length === 0) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    setBusy(true);
    try {
      const outcome = await uploadAttachments(trackingId, sendable);
      setResults(outcome);
      setFiles([]);
      if (outcome.some((result) => result.isUploaded)) onUploaded();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <AttachmentPicker
        id={`${id}-files`}
        label={t('report.attachments.add')}
        help={t('submit.attachments.help')}
        files={files}
        onChange={(next) => {
          setFiles(next);
          setEmpty(false);
        }}
      />
      <LiveRegion politeness="assertive">
        {isEmpty ? <Alert variant="error" title={t('report.attachments.choose')} /> : null}
      </LiveRegion>
      <LiveRegion politeness="polite">
        <UploadResults results={results} />
      </LiveRegion>
      <Button variant="secondary" onClick={upload} isBusy={isBusy} busyLabel={t('submit.uploading')}>
        {t('report.attachments.upload')}
      </Button>
    </div>
  );
}
