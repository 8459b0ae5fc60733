import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { type HttpServer, startHttpServer } from "@trainwatch/http-kit";
import {
  prometheusBinary,
  type ServiceHandle,
  startPrometheus,
  testedBinaries,
  upstreamComponents,
  versionAtLeast,
} from "@trainwatch/native-services";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetricsApp } from "../create-metrics-app.js";
import { createTrainingRecorder } from "../create-training-recorder.js";

// The pinned Prometheus (native histograms) and, where installed, Debian's 2.42 (classic only).
const prometheuses = await testedBinaries(prometheusBinary);
const { binVariable } = upstreamComponents.prometheus;

/** Step durations as a fast model's vary: log-normal around 8 ms (2–40 ms), the same every run. */
function stepDurations(count: number): number[] {
  let seed = 42;
  const uniform = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed + 0.5) / 2 ** 31;
  };
  return Array.from({ length: count }, () => {
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    return 0.008 * Math.exp(0.5 * normal);
  });
}

async function query(prometheus: ServiceHandle, expr: string) {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as {
    data: { result: { value?: [number, string]; histogram?: [number, { count: string }] }[] };
  };
  return body.data.result;
}

describe.each(prometheuses)(
  "a real $label scraping a trainer's step histogram",
  ({ path, version }) => {
    const native = versionAtLeast(version, "3.8");
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t" });
    let server: HttpServer;
    let prometheus: ServiceHandle;
    beforeAll(async () => {
      server = await startHttpServer(createMetricsApp({ registry }), {
        host: "127.0.0.1",
        port: 0,
      });
      const dir = mkdtempSync(join(tmpdir(), "tw-native-"));
      const configFile = join(dir, "prometheus.yml");
      writeFileSync(
        configFile,
        `global: {scrape_interval: 1s}
scrape_configs:
  - job_name: trainers
    honor_labels: true
${native ? "    scrape_native_histograms: true\n    always_scrape_classic_histograms: true\n" : ""}    static_configs: [{targets: ["${new URL(server.url).host}"]}]
`,
      );
      const before = process.env[binVariable];
      process.env[binVariable] = path; // this release, whichever the stack would choose
      try {
        prometheus = await startPrometheus({ configFile, dir });
      } finally {
        if (before === undefined) delete process.env[binVariable];
        else process.env[binVariable] = before;
      }
    }, 60_000);
    afterAll(async () => {
      await prometheus?.stop();
      await server?.close();
    });

    it(native
      ? "answers histogram_quantile from the native form, within one bucket of the exact quantile"
      : "gets the classic form alone", async () => {
      const samples = await waitFor(
        async () => {
          const result = await query(prometheus, 'training_steps_total{job="j"}');
          return result.length > 0 && result;
        },
        { what: "Prometheus to scrape the trainer once", timeoutMs: 30_000 },
      );
      const steps = Number(samples[0]?.value?.[1]);
      // Every step between two scrapes: the quantile over the window is these steps' alone.
      const durations = stepDurations(4000);
      if (steps === 0)
        for (const seconds of durations)
          recorder.recordStep({ loss: 1, examples: 1, durationSeconds: seconds });
      await waitFor(
        async () =>
          (await query(prometheus, 'training_steps_total{job="j"} >= 4000')).length === 1 &&
          (await query(prometheus, 'training_steps_total{job="j"} offset 1s >= 4000')).length === 1,
        { what: "Prometheus to scrape the 4,000 steps", timeoutMs: 30_000 },
      );
      const sorted = [...durations].sort((a, b) => a - b);
      const exact = sorted[Math.ceil(0.9 * sorted.length) - 1] as number;
      const fromNative = await query(
        prometheus,
        'histogram_quantile(0.9, rate(training_step_duration_seconds{job="j"}[1m]))',
      );
      const fromClassic = await query(
        prometheus,
        'histogram_quantile(0.9, sum by (le) (rate(training_step_duration_seconds_bucket{job="j"}[1m])))',
      );
      const classic = Number(fromClassic[0]?.value?.[1]);
      const relative = (v: number) => `${((v / exact - 1) * 100).toFixed(1)} %`;
      if (native) {
        const value = Number(fromNative[0]?.value?.[1]);
        console.log(
          `Prometheus ${version}: p90 of 4,000 steps exact ${(exact * 1000).toFixed(3)} ms; native ${(value * 1000).toFixed(3)} ms (${relative(value)}); classic ${(classic * 1000).toFixed(3)} ms (${relative(classic)})`,
        );
        // Schema 3: a bucket spans a factor of 2^(1/8); one bucket either way of the exact value.
        expect(Math.abs(Math.log2(value / exact))).toBeLessThanOrEqual(1 / 8);
        const stored = await query(prometheus, 'training_step_duration_seconds{job="j"}');
        expect(stored[0]?.histogram?.[1].count).toBe("4000");
      } else {
        console.log(
          `Prometheus ${version}: no native series (${fromNative.length}); classic p90 ${(classic * 1000).toFixed(3)} ms (${relative(classic)} from the exact ${(exact * 1000).toFixed(3)} ms)`,
        );
        expect(fromNative).toEqual([]);
      }
      expect(Number.isFinite(classic)).toBe(true);
    }, 60_000);
  },
);
