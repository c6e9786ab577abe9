import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Problem } from '../../contracts.ts';
import { useCatalogText } from './catalog-text.ts';
import type { ApplicationValues } from './catalog-types.ts';

type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * A draft's form values, saved to `PUT {draftPath}` 600 ms after the citizen stops typing (an
 * application's and a bundle's draft alike). `flush` saves at once (before a submission) and says
 * whether it worked; a refused save reports its problem through `onProblem`.
 */
export function useAutosavedValues(
  draftPath: string,
  initial: ApplicationValues,
  onProblem: (problem: Problem) => void,
) {
  const [values, setValues] = useState<ApplicationValues>(initial);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const pending = useRef<number | undefined>(undefined);
  const latest = useRef(values);

  const save = async (next: ApplicationValues) => {
    setSaveState('saving');
    try {
      await api.put(draftPath, { values: next });
      setSaveState('saved');
      return true;
    } catch (error) {
      setSaveState('failed');
      if (error instanceof ApiError) onProblem(error.problem);
      return false;
    }
  };
  const change = (name: string, value: string | number | null) => {
    const next = { ...latest.current, [name]: value };
    latest.current = next;
    setValues(next);
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(() => void save(latest.current), 600);
  };
  const flush = () => {
    window.clearTimeout(pending.current);
    return save(latest.current);
  };
  useEffect(() => () => window.clearTimeout(pending.current), []);

  return { values, latest, change, flush, saveState };
}

/** "Menyimpan… / Tersimpan / Gagal menyimpan", read out politely as it changes. */
export function AutosaveStatus({ state }: { state: SaveState }) {
  const { tc } = useCatalogText();
  const text =
    state === 'saving'
      ? tc('application.saving')
      : state === 'saved'
        ? tc('application.saved')
        : state === 'failed'
          ? tc('application.saveFailed')
          : '';
  return (
    <p className="muted small" aria-live="polite" data-testid="autosave">
      {text}
    </p>
  );
}
