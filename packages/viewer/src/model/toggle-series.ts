/**
 * The series hidden after a click on `name`'s legend entry, as Grafana decides it: a plain click
 * shows only that series, or all again when it was already the only one shown; with Ctrl/⌘
 * (`toggle`) it hides or shows just that one.
 */
export function toggleSeries(
  names: readonly string[],
  hidden: ReadonlySet<string>,
  name: string,
  toggle: boolean,
): Set<string> {
  if (toggle) {
    const next = new Set(hidden);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    return next;
  }
  const onlyThis = names.every((n) => (n === name) !== hidden.has(n));
  return onlyThis ? new Set() : new Set(names.filter((n) => n !== name));
}
