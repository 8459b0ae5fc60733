/**
 * Every panel's id, as Grafana assigns them when it loads a dashboard: a panel keeps a positive
 * id no earlier panel has; any other gets the next after the largest. What `viewPanel=` names.
 */
export function panelIds(panels: readonly { readonly id?: number }[]): number[] {
  let next = Math.max(0, ...panels.map((p) => p.id ?? 0)) + 1;
  const seen = new Set<number>();
  return panels.map(({ id }) => {
    const kept = id !== undefined && id > 0 && !seen.has(id) ? id : next++;
    seen.add(kept);
    return kept;
  });
}
