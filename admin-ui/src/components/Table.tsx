import { ReactNode } from 'react';

export interface Column<T> {
  /** The header text; also the label each cell shows when a row is stacked as a card. */
  label: string;
  cell(row: T): ReactNode;
  /** The actions column: its header is for screen readers only. */
  actions?: boolean;
  className?: string;
}

interface Props<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey(row: T): string | number;
  labelledBy: string;
  testId?: string;
}

/**
 * A table that, on narrow screens, stacks each row as a card (CSS: .stack), so every cell and
 * every action stays on screen without scrolling sideways. The explicit roles keep it a table
 * for screen readers: browsers drop table semantics from elements restyled as blocks.
 */
export function Table<T>({ rows, columns, rowKey, labelledBy, testId }: Props<T>) {
  return (
    <div className="table-wrap">
      <table role="table" className="stack" aria-labelledby={labelledBy} data-testid={testId}>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((column) => (
              <th key={column.label} role="columnheader" scope="col">
                {column.actions ? <span className="visually-hidden">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row) => (
            <tr key={rowKey(row)} role="row">
              {columns.map((column) => (
                <td
                  key={column.label}
                  role="cell"
                  data-label={column.actions ? undefined : column.label}
                  className={column.actions ? 'actions' : column.className}
                >
                  {column.actions ? <div className="action-list">{column.cell(row)}</div> : column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
