import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalog } from "./catalog.js";
import { metricReferenceFile } from "./metric-reference-file.js";
import { renderMetricReference } from "./render-metric-reference.js";

describe("renderMetricReference", () => {
  it("is what docs/metrics.md holds (regenerate with `pnpm --filter @trainwatch/catalog generate`)", () => {
    expect(readFileSync(metricReferenceFile, "utf8")).toBe(renderMetricReference());
  });

  it("lists every metric of the catalog once, with its labels", () => {
    const page = renderMetricReference();
    for (const metric of catalog.values()) {
      const rows = page.split("\n").filter((line) => line.startsWith(`| \`${metric.name}\` |`));
      expect(rows, metric.name).toHaveLength(1);
      for (const label of metric.labelNames) expect(rows[0], metric.name).toContain(`\`${label}\``);
    }
  });
});
