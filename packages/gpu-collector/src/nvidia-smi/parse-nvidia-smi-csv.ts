/**
 * Parses `nvidia-smi --query-…=<fields> --format=csv[,noheader][,nounits]` output into one
 * record per line, keyed by the requested field names (by position, so a header that spells a
 * field differently — `clocks.sm` vs `clocks.current.sm [MHz]` — does not matter). Accepts
 * CRLF line ends (Windows), a header line or none, and blank lines.
 *
 * @throws Error naming the line when a row has another number of columns than fields asked for.
 */
export function parseNvidiaSmiCsv(
  text: string,
  fields: readonly string[],
): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const rows: Record<string, string>[] = [];
  for (const [n, line] of lines.entries()) {
    const cells = line.split(",").map((cell) => cell.trim());
    if (n === 0 && isHeader(cells, fields)) continue;
    if (cells.length !== fields.length) {
      throw new Error(
        `nvidia-smi line ${n + 1} has ${cells.length} columns, expected ${fields.length}: ${JSON.stringify(line.slice(0, 120))}`,
      );
    }
    rows.push(Object.fromEntries(fields.map((field, i) => [field, cells[i] as string])));
  }
  return rows;
}

function isHeader(cells: readonly string[], fields: readonly string[]): boolean {
  return cells.length === fields.length && cells[0]?.replace(/\s*\[.*\]$/, "") === fields[0];
}
