import { createLogger } from "@trainwatch/cli-kit";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { GpuReading } from "./gpu-reading.js";
import type { GpuSource } from "./gpu-source.js";
import { type GpuNaming, registerGpuMetrics } from "./register-gpu-metrics.js";
import { startGpuSampler } from "./start-gpu-sampler.js";

const reading: GpuReading = {
  index: 0,
  uuid: "GPU-1",
  name: "NVIDIA H200",
  driverVersion: "590.48.01",
  pciBusId: "00000000:83:00.0",
  memoryUsedBytes: 32362 * 1048576,
  temperatureCelsius: 52,
  powerDrawWatts: 627.4,
  smClockHertz: 1_980_000_000,
  clockEvents: { hw_thermal_slowdown: true, gpu_idle: false },
  energyJoules: 12.5,
  remappedRows: { correctable: 2, uncorrectable: 1, pending: true, failed: false },
  xidErrors: { "79": 1, "13": 3 },
  processes: [
    { pid: 4242, memoryUsedBytes: 1048576, smUtilizationRatio: 0.35 },
    { pid: 4243 },
    {
      pid: 4244,
      memoryUsedBytes: 2097152,
      containerId: "216c92f0949dec8ebe17e44ff7cf0b9785a8446908ab2d02aa00bff7e79a9849",
      podUid: "8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42",
    },
  ],
};
const source: GpuSource = { name: "replay", read: async () => [reading], close: async () => {} };

async function render(naming: GpuNaming): Promise<string[]> {
  const registry = new Registry();
  const sampler = await startGpuSampler({
    source,
    intervalMs: 60_000,
    logger: createLogger("t", () => {}),
  });
  registerGpuMetrics(registry, sampler, naming);
  await sampler.close();
  return (await registry.metrics()).split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

describe("registerGpuMetrics", () => {
  it("exports each supported field under the catalog's names, and no series for the others", async () => {
    const lines = await render("trainwatch");
    const id = 'gpu="0",uuid="GPU-1",source="replay"';
    expect(lines).toEqual(
      expect.arrayContaining([
        `gpu_info{${id},name="NVIDIA H200",driver_version="590.48.01",pci_bus_id="00000000:83:00.0"} 1`,
        `gpu_memory_used_bytes{${id}} 33934016512`,
        `gpu_temperature_celsius{${id}} 52`,
        `gpu_sm_clock_hertz{${id}} 1980000000`,
        `gpu_clock_event_active{${id},reason="hw_thermal_slowdown"} 1`,
        `gpu_clock_event_active{${id},reason="gpu_idle"} 0`,
        `gpu_energy_joules_total{${id}} 12.5`,
        `gpu_process_memory_used_bytes{${id},pid="4242",container_id="",pod_uid=""} 1048576`,
        `gpu_process_utilization_ratio{${id},pid="4242",container_id="",pod_uid=""} 0.35`,
        `gpu_process_memory_used_bytes{${id},pid="4244",container_id="216c92f0949dec8ebe17e44ff7cf0b9785a8446908ab2d02aa00bff7e79a9849",pod_uid="8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42"} 2097152`,
        'gpu_collector_up{source="replay"} 1',
        `gpu_remapped_rows_total{${id},cause="correctable"} 2`,
        `gpu_remapped_rows_total{${id},cause="uncorrectable"} 1`,
        `gpu_row_remap_pending{${id}} 1`,
        `gpu_row_remap_failed{${id}} 0`,
        `gpu_xid_errors_total{${id},xid="79"} 1`,
        `gpu_xid_errors_total{${id},xid="13"} 3`,
      ]),
    );
    expect(
      lines.filter((l) =>
        /^gpu_(utilization_ratio|memory_total_bytes|power_limit_watts|pcie_replay)/.test(l),
      ),
    ).toEqual([]);
    expect(lines.filter((l) => l.includes('pid="4243"'))).toEqual([]); // memory unknown: no series
  });

  it("exports DCGM-exporter's names, units and labels with --naming dcgm", async () => {
    const lines = await render("dcgm");
    const labels =
      /\{gpu="0",UUID="GPU-1",device="nvidia0",modelName="NVIDIA H200",Hostname="[^"]+",pci_bus_id="00000000:83:00.0",source="replay"\}/;
    const value = (name: string) => {
      const line = lines.find((l) => l.startsWith(`${name}{`));
      expect(line, name).toMatch(labels);
      return Number(line?.split(" ").at(-1));
    };
    expect([
      value("DCGM_FI_DEV_FB_USED"),
      value("DCGM_FI_DEV_GPU_TEMP"),
      value("DCGM_FI_DEV_SM_CLOCK"),
      value("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"),
    ]).toEqual([32362, 52, 1980, 12500]);
    expect(lines.some((l) => l.startsWith("gpu_temperature_celsius"))).toBe(false);
    expect(lines).toContain('gpu_collector_up{source="replay"} 1');
  });

  it("exports both sets with --naming both", async () => {
    const lines = await render("both");
    expect([
      lines.some((l) => l.startsWith("gpu_temperature_celsius{")),
      lines.some((l) => l.startsWith("DCGM_FI_DEV_GPU_TEMP{")),
    ]).toEqual([true, true]);
  });
});
