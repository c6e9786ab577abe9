import type { ReactNode } from 'react';

export function Checkbox({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field radio radio--checkbox">
      <input
        className="radio__input"
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hintId}
      />
      <label className="radio__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="radio__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
