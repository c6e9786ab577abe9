import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import { ApiError } from '../api.ts';
import type { Problem } from '../contracts.ts';
import { useI18n } from '../language.tsx';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * State of one form: values (kept as typed on error, so nothing is lost), the problem from the
 * last submit and the error of each field. Client checks run first; the server's answer is final.
 */
export function useForm<F extends string>(
  formId: string,
  initial: Record<F, string>,
  options: {
    /** Server field names that stand for a field of this form (e.g. nik or email for "identifier"). */
    aliases?: Record<string, F>;
    /** Error codes that concern one field although the server names none (e.g. EMAIL_TAKEN). */
    codeFields?: Record<string, F>;
  } = {},
) {
  const { t } = useI18n();
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isBusy, setBusy] = useState(false);
  // Read synchronously: a double click submits before the disabled button is rendered.
  const busyRef = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const fieldId = (name: F) => `${formId}-${name}`;

  const bind = (name: F) => ({
    id: fieldId(name),
    name,
    value: values[name],
    error: fieldErrors[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
      const { value } = event.target;
      setValues((current) => ({ ...current, [name]: value }));
    },
  });

  const showProblem = (received: Problem) => {
    // The server may name a field after what was sent (e.g. nik or email for one login field).
    const codeField = options.codeFields?.[received.code];
    const next: Problem = received.errors
      ? {
          ...received,
          errors: received.errors.map((error) => ({
            ...error,
            field: options.aliases?.[error.field] ?? error.field,
          })),
        }
      : codeField
        ? { ...received, errors: [{ field: codeField, code: received.code, message: received.title }] }
        : received;
    const errors: FieldErrors<F> = {};
    for (const error of next.errors ?? []) {
      if (error.field in initial) {
        const field = error.field as F;
        errors[field] = errors[field] ? `${errors[field]} ${error.message}` : error.message;
      }
    }
    setFieldErrors(errors);
    setProblem(next);
    // Move focus to the summary so that keyboard and screen-reader users land on what went wrong.
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  /** Returns a submit handler: runs `validate`, then `action`; shows whatever goes wrong. */
  const onSubmit =
    (
      validate: (values: Record<F, string>) => FieldErrors<F>,
      action: (values: Record<F, string>) => Promise<void>,
    ) =>
    async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (busyRef.current) return;
      const clientErrors = validate(values);
      const entries = Object.entries(clientErrors) as Array<[F, string]>;
      if (entries.length > 0) {
        showProblem({
          type: 'urn:terpadu:client:validation',
          title: t('error.fixFields'),
          status: 400,
          code: 'CLIENT_VALIDATION',
          errors: entries.map(([field, message]) => ({ field, code: 'CLIENT', message })),
        });
        return;
      }
      busyRef.current = true;
      setBusy(true);
      setProblem(undefined);
      setFieldErrors({});
      try {
        await action(values);
      } catch (error) {
        if (error instanceof ApiError) showProblem(error.problem);
        else
          showProblem({
            type: 'urn:terpadu:client:unexpected',
            title: t('error.unexpected'),
            status: 0,
            code: 'UNEXPECTED',
          });
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    };

  const reset = (next: Record<F, string> = initial) => {
    setValues(next);
    setFieldErrors({});
    setProblem(undefined);
  };

  return { values, setValues, bind, fieldId, fieldErrors, problem, isBusy, onSubmit, reset, summaryRef };
}
