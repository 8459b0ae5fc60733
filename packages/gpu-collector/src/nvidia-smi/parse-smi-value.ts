/**
 * Reads a number from an nvidia-smi cell, with or without its unit (`19818 MiB`, `100 %`,
 * `631.95 W`, `0x40`). Anything else — `[N/A]`, `N/A`, `[Not Supported]`, `[Unknown Error]`,
 * a deprecation notice — means "not available": undefined, so no series is exported.
 */
export function parseSmiNumber(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const match = /^(-?\d+(?:\.\d+)?|0x[0-9a-fA-F]+)(?:\s*[A-Za-z%]+)?$/.exec(cell.trim());
  return match ? Number(match[1]) : undefined;
}

/** Reads `Active` / `Not Active`; undefined for anything else. */
export function parseSmiActive(cell: string | undefined): boolean | undefined {
  const value = cell?.trim();
  return value === "Active" ? true : value === "Not Active" ? false : undefined;
}

/** Reads `Yes` / `No` (remapped_rows.pending, .failure); undefined for anything else. */
export function parseSmiYesNo(cell: string | undefined): boolean | undefined {
  const value = cell?.trim();
  return value === "Yes" ? true : value === "No" ? false : undefined;
}

/** Reads a text cell; undefined for a bracketed message such as `[N/A]`. */
export function parseSmiText(cell: string | undefined): string | undefined {
  const value = cell?.trim();
  return value === undefined || value === "" || /^\[.*\]$/.test(value) || value === "N/A"
    ? undefined
    : value;
}
