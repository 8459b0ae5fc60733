import { Counter, Gauge, Histogram, type OpenMetricsContentType, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { toOpenMetrics } from "./to-open-metrics.js";

function populate(registry: Registry<OpenMetricsContentType> | Registry): void {
  const registers = [registry];
  new Counter({ name: "steps_total", help: "Steps.", labelNames: ["job"], registers }).inc(
    { job: "a" },
    3,
  );
  new Gauge({ name: "loss", help: "Loss.", registers }).set(Number.NaN);
  new Histogram({ name: "d_seconds", help: "D.", buckets: [0.1, 1], registers }).observe(0.5);
  new Gauge({ name: "empty_total_like", help: "No samples.", labelNames: ["x"], registers });
}

describe("toOpenMetrics", () => {
  it("renders what prom-client's own OpenMetrics registry renders for the same metrics", async () => {
    const prometheus = new Registry();
    const openMetrics = new Registry<OpenMetricsContentType>();
    openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    populate(prometheus);
    populate(openMetrics);
    expect(toOpenMetrics(await prometheus.metrics())).toBe(await openMetrics.metrics());
  });

  it("leaves the Prometheus text of shared metrics intact for the next scrape", async () => {
    const registry = new Registry();
    populate(registry);
    const before = await registry.metrics();
    toOpenMetrics(before);
    expect(await registry.metrics()).toBe(before);
  });
});
