/** Plain-text tables for the human output of `mycel ledger` and `mycel nodeco`. */

export interface Column {
  readonly title: string;
  /** Numbers read best right-aligned. */
  readonly right?: boolean;
}

/** The columns padded to their widest cell, two spaces apart; trailing spaces trimmed. */
export function textTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        return column.right ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.title)), ...rows.map(line)].join('\n');
}
