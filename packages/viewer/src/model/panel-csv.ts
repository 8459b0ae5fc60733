import type { AlignedFrame } from "./align-series.js";
import type { TableData } from "./table-rows.js";

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * A panel's data as CSV, the rows and columns the panel shows: a `Time` column (ISO 8601, UTC)
 * and one column per drawn series, named as its legend names it; an empty field where the series
 * has no sample at that time. Lines end with CRLF, as RFC 4180 writes them.
 */
export function frameCsv(frame: AlignedFrame): string {
  const header = ["Time", ...frame.series.map((s) => s.name)];
  const rows = frame.times.map((time, i) => [
    new Date(time).toISOString(),
    ...frame.series.map((s) => {
      const value = s.values[i];
      return value === null || value === undefined ? "" : String(value);
    }),
  ]);
  return csv([header, ...rows]);
}

/** A table panel's data as CSV: its columns and rows as the table shows them. */
export const tableCsv = (table: TableData): string => csv([table.columns, ...table.rows]);

const csv = (lines: readonly (readonly string[])[]) =>
  `${lines.map((row) => row.map(field).join(",")).join("\r\n")}\r\n`;
