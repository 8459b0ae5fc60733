import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { type ServiceHandle, startPrometheus, startPushgateway } from "@trainwatch/native-services";
import { parseTrainerConfig, startTrainer, type TrainerHandle } from "@trainwatch/trainer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTrainerLocator } from "./locate-trainer.js";

let trainer: TrainerHandle;
let withControlPort: TrainerHandle;
let pushgateway: ServiceHandle;
let prometheus: ServiceHandle;

/** Whether Prometheus has scraped this trainer's training_info. */
const ready = async (handle: TrainerHandle) => {
  const query = `count(training_info{instance="${new URL(handle.metricsUrl).host}"})`;
  const response = await fetch(`${prometheus.url}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as { data: { result: unknown[] } };
  return body.data.result.length === 1;
};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "tw-locate-"));
  trainer = await startTrainer(
    parseTrainerConfig(
      { epochs: "1000", trainSize: "640", validationSize: "64", metricsPort: "0", linger: "0" },
      { TRAINWATCH_CONTROL_TOKEN: "control-token-0123456789" },
    ),
    { logger: createLogger("trainer", () => {}), progress: "none" },
  );
  withControlPort = await startTrainer(
    parseTrainerConfig(
      {
        ...{ task: "worker-1", epochs: "1000", trainSize: "640", validationSize: "64" },
        ...{ metricsPort: "0", controlPort: "0", linger: "0" },
      },
      { TRAINWATCH_CONTROL_TOKEN: "control-token-0123456789" },
    ),
    { logger: createLogger("trainer", () => {}), progress: "none" },
  );
  pushgateway = await startPushgateway({ dir, host: "127.0.0.1" });
  // An earlier run's final state, as the exporter pushes it: the same job and task, no instance.
  await fetch(`${pushgateway.url}/metrics/job/mnist_mlp/task/worker-0`, {
    method: "PUT",
    body: 'training_info{run_id="earlier",model="mlp"} 1\n',
  });
  const configFile = join(dir, "prometheus.yml");
  const target = (url: string) => JSON.stringify([new URL(url).host]);
  writeFileSync(
    configFile,
    `global: {scrape_interval: 1s}
scrape_configs:
  - {job_name: trainers, honor_labels: true, static_configs: [{targets: ${target(trainer.metricsUrl)}}, {targets: ${target(withControlPort.metricsUrl)}}]}
  - {job_name: pushgateway, honor_labels: true, static_configs: [{targets: ${target(pushgateway.url)}}]}
`,
  );
  prometheus = await startPrometheus({ configFile, dir });
  await waitFor(
    async () => {
      const response = await fetch(
        `${prometheus.url}/api/v1/query?query=count(training_info{task="worker-0"})`,
      );
      const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
      return body.data.result[0]?.value[1] === "2" && (await ready(withControlPort));
    },
    { what: "Prometheus to scrape the trainer and the pushed copy", timeoutMs: 30_000 },
  );
}, 60_000);

afterAll(async () => {
  trainer?.stop("test");
  withControlPort?.stop("test");
  await trainer?.done;
  await withControlPort?.done;
  await prometheus?.stop();
  await pushgateway?.stop();
});

describe("createQueryTrainerLocator", () => {
  it("finds the trainer at the instance it is scraped at, not the Pushgateway's copy", async () => {
    const locate = createQueryTrainerLocator({ queryUrl: prometheus.url });
    expect(await locate("mnist_mlp", "worker-0")).toBe(trainer.metricsUrl);
    expect(
      await createQueryTrainerLocator({ queryUrl: prometheus.url, scheme: "https" })(
        "mnist_mlp",
        "worker-0",
      ),
    ).toBe(trainer.metricsUrl.replace(/^http:/, "https:"));
  });

  it("reaches a trainer with a control port of its own there, not at the scraped port", async () => {
    const locate = createQueryTrainerLocator({ queryUrl: prometheus.url });
    const found = await locate("mnist_mlp", "worker-1");
    expect(found).toBe(withControlPort.controlUrl);
    expect(found).not.toBe(withControlPort.metricsUrl);
    const stop = (base: string) =>
      fetch(`${base}/control/stop`, {
        method: "POST",
        headers: {
          authorization: "Bearer control-token-0123456789",
          "content-type": "application/json",
        },
        body: JSON.stringify({ reason: "TrainingStalled" }),
      });
    expect((await stop(withControlPort.metricsUrl)).status).toBe(404); // not beside /metrics
    expect((await stop(found as string)).status).toBe(202);
  });

  it("finds nothing for a job or task no trainer reports, whatever characters they hold", async () => {
    const locate = createQueryTrainerLocator({ queryUrl: prometheus.url });
    expect(await locate("mnist_mlp", "worker-9")).toBeUndefined();
    expect(await locate('mnist_mlp"} or vector(1) #', "worker-0")).toBeUndefined();
  });

  it("names the query API when it does not answer", async () => {
    const locate = createQueryTrainerLocator({ queryUrl: "http://127.0.0.1:9", timeoutMs: 1000 });
    await expect(locate("mnist_mlp", "worker-0")).rejects.toThrow(
      /^the query API at http:\/\/127\.0\.0\.1:9 did not answer: /,
    );
    const notPrometheus = createQueryTrainerLocator({ queryUrl: pushgateway.url });
    await expect(notPrometheus("mnist_mlp", "worker-0")).rejects.toThrow(
      /^the query API at http:\/\/127\.0\.0\.1:\d+ answered /,
    );
  });
});
