import type { Variable } from "./dashboard-schema.js";
import { allToken } from "./interpolate-expr.js";

/**
 * Which values a variable starts with: the URL's (`var-task=worker-1`, repeated for several),
 * else the dashboard's saved `current`, else All when the variable offers it, else the first
 * option. A value no longer offered is kept, as Grafana keeps it, so a shared link stays exact.
 */
export function selectVariableValues(
  variable: Variable,
  fromUrl: readonly string[] | undefined,
  options: readonly string[],
): string[] {
  const normalise = (values: readonly string[]) => {
    const all = values.includes(allToken) || values.includes("All");
    if (all && variable.includeAll) return [allToken];
    const rest = values.filter((v) => v !== allToken && v !== "All");
    return variable.multi ? rest : rest.slice(0, 1);
  };
  if (fromUrl && fromUrl.length > 0) {
    const chosen = normalise(fromUrl);
    if (chosen.length > 0) return chosen;
  }
  const saved = variable.current?.value;
  if (saved !== undefined) {
    const chosen = normalise(Array.isArray(saved) ? saved : [saved]);
    if (chosen.length > 0 && chosen.every((v) => v === allToken || options.includes(v)))
      return chosen;
  }
  if (variable.includeAll) return [allToken];
  return options.length > 0 ? [options[0] as string] : [];
}

/** The options of a `custom` variable (`a,b,c` or `a : 1, b : 2` → the values) or a `constant`. */
export function staticVariableOptions(variable: Variable): string[] {
  const query = typeof variable.query === "string" ? variable.query : (variable.query?.query ?? "");
  if (variable.type === "constant") return [query];
  return query
    .split(/(?<!\\),/)
    .map((part) => part.replaceAll("\\,", ",").split(" : ").at(-1)?.trim() ?? "")
    .filter((v) => v !== "");
}
