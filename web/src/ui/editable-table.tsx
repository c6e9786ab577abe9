import type { ReactNode } from 'react';
import { Button } from './button.tsx';

export type EditableColumn<Row> = {
  /** The column header, and the accessible name of the control in each of its cells. */
  header: string;
  cell: (row: Row, change: (patch: Partial<Row>) => void, label: string) => ReactNode;
};

/**
 * Rows edited in place: one control a cell (named by its column's header), a remove button a row,
 * and an add button under the table. Rows are keyed by position: their keys change as typed.
 */
export function EditableTable<Row>({
  testId,
  columns,
  rows,
  onChange,
  newRow,
  update = (row, patch) => ({ ...row, ...patch }),
  addLabel,
  removeLabel,
}: {
  testId: string;
  columns: Array<EditableColumn<Row>>;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  newRow: () => Row;
  /** The row after an edit (default: the patch laid over the row). */
  update?: (row: Row, patch: Partial<Row>) => Row;
  addLabel: string;
  removeLabel: string;
}) {
  const change = (index: number) => (patch: Partial<Row>) =>
    onChange(rows.map((row, at) => (at === index ? update(row, patch) : row)));
  return (
    <>
      <div className="table-scroll">
        <table className="table" data-testid={testId}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.header} scope="col">
                  {column.header}
                </th>
              ))}
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, keys change as typed
              <tr key={index}>
                {columns.map((column) => (
                  <td key={column.header}>{column.cell(row, change(index), column.header)}</td>
                ))}
                <td>
                  <Button
                    type="button"
                    variant="quiet"
                    onClick={() => onChange(rows.filter((_, at) => at !== index))}
                  >
                    {removeLabel}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Button type="button" variant="secondary" onClick={() => onChange([...rows, newRow()])}>
        {addLabel}
      </Button>
    </>
  );
}

/** A text or number input for a cell of an EditableTable. */
export function CellInput({
  label,
  value,
  onChange,
  type = 'text',
}: {
  label: string;
  value: string | number;
  onChange: (value: string) => void;
  type?: 'text' | 'number';
}) {
  return (
    <input
      aria-label={label}
      className="field__input"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      {...(type === 'number' ? { type, min: 1 } : {})}
    />
  );
}

/** A select for a cell of an EditableTable; options are values, or [value, text] pairs. */
export function CellSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: ReadonlyArray<string | readonly [string, string]>;
  onChange: (value: string) => void;
}) {
  return (
    <select
      aria-label={label}
      className="field__input"
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      {options.map((option) => {
        const [optionValue, text] = typeof option === 'string' ? [option, option] : option;
        return (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        );
      })}
    </select>
  );
}
