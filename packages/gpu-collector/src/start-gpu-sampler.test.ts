import { createLogger } from "@trainwatch/cli-kit";
import { createMetricsApp } from "@trainwatch/exporter";
import { startHttpServer } from "@trainwatch/http-kit";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { captures, installFakeNvidiaSmi } from "../test-support/fake-gpus.js";
import { createNvidiaSmiSource } from "./nvidia-smi/create-nvidia-smi-source.js";
import { registerGpuMetrics } from "./register-gpu-metrics.js";
import { startGpuSampler } from "./start-gpu-sampler.js";

const fakeBinary = `${installFakeNvidiaSmi()}/nvidia-smi`;
const [capture] = captures;

describe("startGpuSampler", () => {
  it("stays responsive while nvidia-smi hangs, reports down, counts the error, and recovers", async () => {
    if (!capture) throw new Error("no captures");
    process.env.FAKE_SMI_GPU_CAPTURES = capture.gpu;
    process.env.FAKE_SMI_APPS_CAPTURES = capture.apps;
    process.env.FAKE_SMI_MODE = "normal";
    const lines: string[] = [];
    const registry = new Registry();
    await using sampler = await startGpuSampler({
      source: createNvidiaSmiSource({ binary: fakeBinary, timeoutMs: 10_000 }),
      intervalMs: 60_000,
      timeoutMs: 500,
      logger: createLogger("t", (l) => lines.push(l)),
    });
    registerGpuMetrics(registry, sampler);
    await using server = await startHttpServer(createMetricsApp({ registry }), { port: 0 });
    expect(sampler.state).toMatchObject({ up: true, errors: 0 });

    process.env.FAKE_SMI_MODE = "hang";
    const hanging = sampler.sampleNow();
    const started = performance.now();
    const during = await (await fetch(`${server.url}/metrics`)).text();
    expect(performance.now() - started).toBeLessThan(400); // answered while the read hangs
    expect(during).toContain('gpu_collector_up{source="nvidia-smi"} 1');
    await hanging;
    const after = await (await fetch(`${server.url}/metrics`)).text();
    expect(after).toContain('gpu_collector_up{source="nvidia-smi"} 0');
    expect(after).toContain('gpu_collector_read_errors_total{source="nvidia-smi"} 1');
    expect(after).not.toMatch(/^gpu_temperature_celsius/m); // no stale values while down
    expect(lines).toEqual([
      "[t] warning: GPU read from nvidia-smi failed: no answer within 500 ms (further warnings of this kind are not shown)",
    ]);

    process.env.FAKE_SMI_MODE = "garbage";
    await sampler.sampleNow();
    expect(sampler.state).toMatchObject({ up: false, errors: 2 });

    process.env.FAKE_SMI_MODE = "normal";
    await sampler.sampleNow();
    expect(sampler.state).toMatchObject({ up: true, errors: 2 });
    expect(lines.at(-1)).toBe("[t] GPU reads from nvidia-smi work again");
  });
});
