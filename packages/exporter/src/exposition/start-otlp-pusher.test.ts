import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@trainwatch/cli-kit";
import {
  describeBinary,
  prometheusBinary,
  type ServiceHandle,
  startPrometheus,
  versionAtLeast,
} from "@trainwatch/native-services";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrainingRecorder } from "../create-training-recorder.js";
import { startOtlpPusher } from "./start-otlp-pusher.js";

const { version } = await describeBinary(prometheusBinary);
const skip =
  !versionAtLeast(version, "3.8") &&
  `Prometheus ${version} has no OTLP receiver set up as trainwatch's`;

async function query(prometheus: ServiceHandle, expr: string) {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as {
    data: { result: { metric: Record<string, string>; value?: [number, string] }[] };
  };
  return body.data.result;
}

let prometheus: ServiceHandle;
beforeAll(async () => {
  if (skip) return;
  const dir = mkdtempSync(join(tmpdir(), "tw-otlp-"));
  const configFile = join(dir, "prometheus.yml");
  // As `trainwatch up --otlp` sets it up (prometheus/src/otlp-receiver.ts).
  writeFileSync(
    configFile,
    `otlp: {promote_resource_attributes: [task], translation_strategy: UnderscoreEscapingWithoutSuffixes}
storage: {tsdb: {out_of_order_time_window: 30m}}
`,
  );
  prometheus = await startPrometheus({
    configFile,
    dir,
    flags: ["--web.enable-otlp-receiver"],
  });
}, 60_000);
afterAll(() => prometheus?.stop());

describe.skipIf(skip)(`startOtlpPusher to a real Prometheus ${version}`, () => {
  it("stores the registry's series under job, task and instance with their own names, NaN included, and the step histogram native", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t" });
    recorder.setStatus("running");
    for (const seconds of [0.008, 0.009, 0.01, 0.2])
      recorder.recordStep({ loss: Number.NaN, examples: 2, durationSeconds: seconds });
    const warnings: string[] = [];
    const pusher = startOtlpPusher({
      url: `${prometheus.url}/api/v1/otlp/v1/metrics`,
      intervalSeconds: 60,
      registry,
      job: "j",
      task: "t",
      instance: "127.0.0.1:9400",
      logger: createLogger("t", (line) => warnings.push(line)),
    });
    try {
      expect(await pusher.flush()).toBe(true);
    } finally {
      await pusher.shutdown();
    }
    expect(warnings).toEqual([]);
    const labels = { instance: "127.0.0.1:9400", job: "j", task: "t" };
    const [loss] = await query(prometheus, 'training_loss{phase="train"}');
    expect(loss?.metric).toEqual({ __name__: "training_loss", phase: "train", ...labels });
    expect(loss?.value?.[1]).toBe("NaN");
    const [examples] = await query(prometheus, "training_examples_total");
    expect([examples?.metric, examples?.value?.[1]]).toEqual([
      { __name__: "training_examples_total", ...labels },
      "8",
    ]);
    const [count] = await query(prometheus, "histogram_count(training_step_duration_seconds)");
    const [p50] = await query(
      prometheus,
      "histogram_quantile(0.5, training_step_duration_seconds)",
    );
    console.log(`pushed step histogram: count ${count?.value?.[1]}, p50 ${p50?.value?.[1]} s`);
    expect(count?.value?.[1]).toBe("4");
    // The median of 8, 9, 10 and 200 ms lies in the buckets of 9 and 10 ms.
    expect(Number(p50?.value?.[1])).toBeGreaterThan(0.0085);
    expect(Number(p50?.value?.[1])).toBeLessThan(0.011);
  });

  it("warns once when the endpoint refuses a push, and training goes on", async () => {
    const warnings: string[] = [];
    const pusher = startOtlpPusher({
      url: `${prometheus.url}/api/v1/no-such-endpoint`,
      intervalSeconds: 60,
      registry: new Registry(),
      job: "j",
      task: "t",
      instance: "127.0.0.1:9400",
      logger: createLogger("t", (line) => warnings.push(line)),
    });
    expect(await pusher.flush()).toBe(false);
    await pusher.flush();
    await pusher.shutdown();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`OTLP push to ${prometheus.url}/api/v1/no-such-endpoint failed`);
  });
});
