import type { ReactNode } from 'react';
import type { Region } from '../../contracts.ts';
import type { MessageKey } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Field } from '../../ui/field.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { regionAncestry, useRegions } from './use-regions.ts';

const LEVELS: ReadonlyArray<{ label: MessageKey; filterLabel: MessageKey }> = [
  { label: 'submit.province', filterLabel: 'feed.province' },
  { label: 'submit.regency', filterLabel: 'feed.regency' },
  { label: 'submit.district', filterLabel: 'submit.district' },
  { label: 'submit.village', filterLabel: 'submit.village' },
];

function RegionSelect({
  id,
  label,
  parentCode,
  value,
  placeholder,
  optionalText,
  onChange,
}: {
  id: string;
  label: string;
  /** null for provinces. */
  parentCode: string | null;
  value: string;
  placeholder: string;
  optionalText?: string | undefined;
  onChange: (code: string) => void;
}) {
  const regions = useRegions(parentCode);
  const items: Region[] = regions.data?.items ?? [];
  // Until the list arrives, keep the chosen value selectable so that a restored draft is not lost.
  const options = [
    { value: '', label: regions.isLoading && items.length === 0 ? '…' : placeholder },
    ...(items.length === 0 && value ? [{ value, label: value }] : []),
    ...items.map((region) => ({ value: region.code, label: region.name })),
  ];
  return (
    <SelectField
      id={id}
      label={label}
      optionalText={optionalText}
      options={options}
      value={value}
      aria-busy={regions.isLoading || undefined}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/**
 * Province → regency/city → district → village, each list loaded when its parent is chosen. The
 * value is the deepest code chosen ('' for none); choosing "— Pilih —" at a level goes back up.
 */
export function RegionPicker({
  idPrefix,
  value,
  onChange,
  depth,
  legend,
  help,
  error,
  requiredDepth = 0,
  isFilter = false,
}: {
  /** The province select gets this id (for error links); the others `${idPrefix}-level-n`. */
  idPrefix: string;
  value: string;
  onChange: (code: string) => void;
  /** How many levels to offer: 2 (province, regency) up to 4 (… village). */
  depth: 2 | 4;
  legend: string;
  help?: ReactNode;
  error?: string | undefined;
  /** Levels that must be chosen; the deeper ones are marked optional. */
  requiredDepth?: number;
  /** In a search filter "— Semua —" stands for no choice. */
  isFilter?: boolean;
}) {
  const { t } = useI18n();
  const chosen = value ? regionAncestry(value) : [];
  const levels = LEVELS.slice(0, depth);
  return (
    <Field
      id={`${idPrefix}-legend`}
      label={legend}
      help={help}
      error={error}
      className="fieldset fieldset--group"
      isGroup
    >
      {levels.map((level, index) => {
        const parentCode = index === 0 ? null : chosen[index - 1];
        if (parentCode === undefined) return null;
        return (
          <RegionSelect
            key={level.label}
            id={index === 0 ? idPrefix : `${idPrefix}-level-${index + 1}`}
            label={t(isFilter ? level.filterLabel : level.label)}
            parentCode={parentCode}
            value={chosen[index] ?? ''}
            placeholder={isFilter ? t('feed.all') : t('submit.choose')}
            optionalText={!isFilter && index >= requiredDepth ? t('form.optional') : undefined}
            onChange={(code) => onChange(code || (parentCode ?? ''))}
          />
        );
      })}
    </Field>
  );
}
