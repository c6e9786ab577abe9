import { useState } from 'react';
import { api } from '../../api.ts';
import type { AgencySummary, CreateUnit } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useForm } from '../../ui/use-form.ts';
import * as checks from '../auth/auth-validation.ts';

const FORM_ID = 'create-unit';
type Field = 'parentCode' | 'slug' | 'name';

/** Agencies:manage — a unit (OPD) under an agency within the officer's authority. */
export function CreateUnitForm({
  defaultParentCode,
  onCreated,
}: {
  defaultParentCode: string;
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const [created, setCreated] = useState<AgencySummary | undefined>();
  const initial: Record<Field, string> = { parentCode: defaultParentCode, slug: '', name: '' };
  const form = useForm<Field>(FORM_ID, initial, {
    codeFields: {
      AGENCY_NOT_FOUND: 'parentCode',
      AGENCY_OUT_OF_SCOPE: 'parentCode',
      AGENCY_CODE_TAKEN: 'slug',
    },
  });
  const labels: Record<Field, string> = {
    parentCode: t('officer.createUnit.parentCode'),
    slug: t('officer.createUnit.slug'),
    name: t('officer.createUnit.name'),
  };

  const submit = form.onSubmit(
    (values) => {
      const errors = checks.runChecks(
        values,
        { parentCode: checks.required, slug: checks.slug, name: checks.required },
        t,
      );
      if (!errors.name && values.name.trim().length < 3) errors.name = t('officer.createUnit.name.min');
      return errors;
    },
    async (values) => {
      setCreated(undefined);
      const body: CreateUnit = {
        parentCode: values.parentCode.trim(),
        slug: values.slug.trim(),
        name: values.name.trim(),
      };
      setCreated(await api.post<AgencySummary>('/agencies', body));
      form.reset({ ...initial, parentCode: values.parentCode });
      onCreated();
    },
  );

  return (
    <section className="card" aria-labelledby="create-unit-heading">
      <h2 id="create-unit-heading">{t('officer.createUnit')}</h2>
      <LiveRegion politeness="polite">
        {created ? (
          <Alert
            variant="success"
            title={t('officer.createUnit.success', { name: created.name, code: created.code })}
          />
        ) : null}
      </LiveRegion>
      <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
      <form className="form" noValidate onSubmit={submit} aria-labelledby="create-unit-heading">
        <TextField
          {...form.bind('parentCode')}
          label={labels.parentCode}
          help={t('officer.createUnit.parentCode.help')}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField
          {...form.bind('slug')}
          label={labels.slug}
          help={t('officer.createUnit.slug.help')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={60}
          required
        />
        <TextField {...form.bind('name')} label={labels.name} autoComplete="off" maxLength={200} required />
        <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
          {t('officer.createUnit.submit')}
        </Button>
      </form>
    </section>
  );
}
