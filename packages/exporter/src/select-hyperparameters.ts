import { type HyperparameterLabel, hyperparameterLabels } from "@trainwatch/catalog";

/**
 * Keeps the hyperparameters whose names are in the catalog's allowlist (and in `allow`, when
 * given) and turns them into label values; everything else is dropped and named in `dropped`.
 *
 * @example selectHyperparameters({ batch_size: 64, secret: "x" }) // → { labels: { batch_size: "64" }, dropped: ["secret"] }
 */
export function selectHyperparameters(
  hyperparameters: Readonly<Record<string, string | number | boolean>>,
  allow: readonly HyperparameterLabel[] = hyperparameterLabels,
): { labels: Partial<Record<HyperparameterLabel, string>>; dropped: string[] } {
  const allowed = new Set<string>(allow.filter((name) => hyperparameterLabels.includes(name)));
  const labels: Partial<Record<HyperparameterLabel, string>> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(hyperparameters)) {
    if (allowed.has(name)) labels[name as HyperparameterLabel] = String(value);
    else dropped.push(name);
  }
  return { labels, dropped };
}
