import { fileURLToPath } from "node:url";

/** docs/metrics.md, the metric reference generated from the catalog. */
export const metricReferenceFile: string = fileURLToPath(
  new URL("../../../docs/metrics.md", import.meta.url),
);
