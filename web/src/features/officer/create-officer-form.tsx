import { useState } from 'react';
import { api } from '../../api.ts';
import { type CreateOfficer, ROLE_LIST, type Role } from '../../contracts.ts';
import { roleLabel } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useForm } from '../../ui/use-form.ts';
import * as checks from '../auth/auth-validation.ts';

const FORM_ID = 'create-officer';
type Field = 'email' | 'name' | 'role' | 'agencyCode' | 'password';
type Created = { id: string; email: string; role: string; agencyCode: string };

/** Officers:manage — the server decides which roles and agencies this officer may grant. */
export function CreateOfficerForm({
  defaultAgencyCode,
  onCreated,
}: {
  defaultAgencyCode: string;
  onCreated: () => void;
}) {
  const { t, language } = useI18n();
  const [created, setCreated] = useState<Created | undefined>();
  const initial: Record<Field, string> = {
    email: '',
    name: '',
    role: 'penghubung',
    agencyCode: defaultAgencyCode,
    password: '',
  };
  const form = useForm<Field>(FORM_ID, initial, {
    codeFields: {
      EMAIL_TAKEN: 'email',
      AGENCY_NOT_FOUND: 'agencyCode',
      AGENCY_OUT_OF_SCOPE: 'agencyCode',
      ROLE_NOT_GRANTABLE: 'role',
      ROLE_AGENCY_MISMATCH: 'role',
    },
  });
  const labels: Record<Field, string> = {
    email: t('officer.createOfficer.email'),
    name: t('officer.createOfficer.name'),
    role: t('officer.createOfficer.role'),
    agencyCode: t('officer.createOfficer.agencyCode'),
    password: t('officer.createOfficer.password'),
  };

  const submit = form.onSubmit(
    (values) => {
      const errors = checks.runChecks(
        values,
        { email: checks.email, name: checks.personName, agencyCode: checks.required },
        t,
      );
      if (values.password) {
        const passwordError = checks.newPassword(values.password);
        if (passwordError) errors.password = t(passwordError);
      }
      return errors;
    },
    async (values) => {
      setCreated(undefined);
      const body: CreateOfficer = {
        email: values.email.trim(),
        name: values.name.trim(),
        role: values.role as Role,
        agencyCode: values.agencyCode.trim(),
        ...(values.password ? { password: values.password } : {}),
      };
      setCreated(await api.post<Created>('/officers', body));
      form.reset({ ...initial, role: values.role, agencyCode: values.agencyCode });
      onCreated();
    },
  );

  return (
    <section className="card" aria-labelledby="create-officer-heading">
      <h2 id="create-officer-heading">{t('officer.createOfficer')}</h2>
      <LiveRegion politeness="polite">
        {created ? (
          <Alert
            variant="success"
            title={t('officer.createOfficer.success', {
              email: created.email,
              agencyCode: created.agencyCode,
            })}
          />
        ) : null}
      </LiveRegion>
      <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
      <form className="form" noValidate onSubmit={submit} aria-labelledby="create-officer-heading">
        <TextField
          {...form.bind('email')}
          label={labels.email}
          type="email"
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField {...form.bind('name')} label={labels.name} autoComplete="off" required />
        <SelectField
          {...form.bind('role')}
          label={labels.role}
          options={ROLE_LIST.map((role) => ({ value: role, label: roleLabel(language, role) }))}
        />
        <TextField
          {...form.bind('agencyCode')}
          label={labels.agencyCode}
          help={t('officer.createOfficer.agencyCode.help')}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField
          {...form.bind('password')}
          label={labels.password}
          optionalText={t('form.optional')}
          help={t('officer.createOfficer.password.help')}
          type="password"
          autoComplete="new-password"
        />
        <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
          {t('officer.createOfficer.submit')}
        </Button>
      </form>
    </section>
  );
}
