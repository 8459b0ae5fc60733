import { waitFor } from "@trainwatch/cli-kit";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildFakeNvml } from "../../test-support/fake-gpus.js";
import { createNvmlSource } from "./create-nvml-source.js";

let libraryPath: string;
const touched = new Set<string>();
function fake(values: Record<string, string>) {
  for (const [key, value] of Object.entries(values)) {
    process.env[`FAKE_NVML_${key}`] = value;
    touched.add(`FAKE_NVML_${key}`);
  }
}

describe("createNvmlSource", () => {
  beforeAll(() => {
    libraryPath = buildFakeNvml();
  });
  afterEach(() => {
    for (const key of touched) delete process.env[key];
    touched.clear();
  });

  it("reads every GPU through NVML in base units", async () => {
    fake({
      GPUS: "2",
      TEMPERATURE: "71",
      POWER_MW: "455500",
      SM_MHZ: "1410",
      CLOCK_EVENTS: "0x44",
      ENERGY_MJ: "5000",
      PROCESSES: "4242:2097152,4243:1048576",
    });
    const source = await createNvmlSource({ libraryPath });
    const readings = await source.read(AbortSignal.timeout(5000));
    await source.close();
    expect(readings).toHaveLength(2);
    expect(readings[1]).toMatchObject({
      index: 1,
      uuid: "GPU-fake0000-0000-0000-0000-000000000001",
      name: "NVIDIA H100 80GB HBM3",
      driverVersion: "590.48.01",
      pciBusId: "00000000:0A:00.0",
      memoryUsedBytes: 19818 * 1048576,
      memoryTotalBytes: 81559 * 1048576,
      utilizationRatio: 1,
      memoryUtilizationRatio: 0.11,
      temperatureCelsius: 71,
      powerDrawWatts: 455.5,
      powerLimitWatts: 700,
      smClockHertz: 1_410_000_000,
      memoryClockHertz: 2_619_000_000,
      energyJoules: 5,
      eccErrorsUncorrected: 0,
      processes: [
        { pid: 4242, memoryUsedBytes: 2097152 },
        { pid: 4243, memoryUsedBytes: 1048576 },
      ],
    });
    // 0x44 = sw_power_cap | hw_thermal_slowdown
    expect(
      Object.entries(readings[0]?.clockEvents ?? {})
        .filter(([, on]) => on)
        .map(([r]) => r),
    ).toEqual(["sw_power_cap", "hw_thermal_slowdown"]);
  });

  it("gives each process its SM utilization averaged over the samples since the last read", async () => {
    // Two jobs share the GPU: 4242 at 60-70 %, 4243 at 20 %; a graphics pid 99 is not listed.
    fake({
      PROCESSES: "4242:2097152,4243:1048576",
      PROCESS_UTIL: "4242:60:1000,4242:70:2000,4243:20:1500,99:5:1500",
    });
    const source = await createNvmlSource({ libraryPath });
    const [first] = await source.read(AbortSignal.timeout(5000));
    expect(first?.processes).toEqual([
      { pid: 4242, memoryUsedBytes: 2097152, smUtilizationRatio: 0.65 },
      { pid: 4243, memoryUsedBytes: 1048576, smUtilizationRatio: 0.2 },
    ]);
    // A newer sample of 4242 only: 4243 ran no kernel since, so it is idle.
    fake({ PROCESS_UTIL: "4242:60:1000,4242:70:2000,4243:20:1500,4242:90:3000" });
    const [second] = await source.read(AbortSignal.timeout(5000));
    expect(second?.processes.map((p) => p.smUtilizationRatio)).toEqual([0.9, 0]);
    // No sample at all since (NVML_ERROR_NOT_FOUND): every process idle, not unknown.
    const [third] = await source.read(AbortSignal.timeout(5000));
    expect(third?.processes.map((p) => p.smUtilizationRatio)).toEqual([0, 0]);
    await source.close();
  });

  it("leaves per-process utilization unknown where the GPU does not support it", async () => {
    fake({ PROCESSES: "4242:2097152", UNSUPPORTED: "process_util" });
    const source = await createNvmlSource({ libraryPath });
    const [reading] = await source.read(AbortSignal.timeout(5000));
    await source.close();
    expect(reading?.processes).toEqual([{ pid: 4242, memoryUsedBytes: 2097152 }]);
  });

  it("leaves a field the GPU does not support undefined instead of zero", async () => {
    fake({ UNSUPPORTED: "energy,ecc,utilization,clock_events" });
    const source = await createNvmlSource({ libraryPath });
    const [reading] = await source.read(AbortSignal.timeout(5000));
    await source.close();
    expect([
      reading?.energyJoules,
      reading?.eccErrorsUncorrected,
      reading?.utilizationRatio,
      reading?.clockEvents,
    ]).toEqual([undefined, undefined, undefined, undefined]);
    expect(reading?.temperatureCelsius).toBe(59);
  });

  it("reads remapped rows and PCIe replays, and counts XID events by GPU and code", async () => {
    fake({ GPUS: "2", REMAPPED_ROWS: "3,1,1,0", PCIE_REPLAYS: "7" });
    const source = await createNvmlSource({ libraryPath });
    const first = await source.read(AbortSignal.timeout(5000));
    fake({ XID_EVENTS: "1:79,1:79,0:13" });
    const later = await waitFor(
      async () => {
        const readings = await source.read(AbortSignal.timeout(5000));
        return (
          readings[0]?.xidErrors?.["13"] === 1 && readings[1]?.xidErrors?.["79"] === 2 && readings
        );
      },
      { what: "the fake driver's three XID events to be counted", timeoutMs: 5000 },
    );
    await source.close();
    expect(first.map((r) => r.xidErrors)).toEqual([{}, {}]);
    expect(later.map((r) => r.xidErrors)).toEqual([{ "13": 1 }, { "79": 2 }]);
    expect(later[1]).toMatchObject({
      remappedRows: { correctable: 3, uncorrectable: 1, pending: true, failed: false },
      pcieReplays: 7,
    });
  });

  it("has no remapping, replay or XID figures for a GPU without them, and none without the event API", async () => {
    fake({ UNSUPPORTED: "remapped_rows,pcie_replay,xid" });
    const unsupported = await createNvmlSource({ libraryPath });
    const [reading] = await unsupported.read(AbortSignal.timeout(5000));
    await unsupported.close();
    expect([reading?.remappedRows, reading?.pcieReplays, reading?.xidErrors]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    fake({ UNSUPPORTED: "events" });
    const noEvents = await createNvmlSource({ libraryPath });
    const [withoutEvents] = await noEvents.read(AbortSignal.timeout(5000));
    await noEvents.close();
    expect([withoutEvents?.xidErrors, withoutEvents?.pcieReplays]).toEqual([undefined, 0]);
  });

  it("reports why nvmlInit failed", async () => {
    fake({ INIT_RESULT: "9" });
    await expect(createNvmlSource({ libraryPath })).rejects.toThrow(
      "nvmlInit failed: Driver Not Loaded (nvmlReturn 9)",
    );
  });

  it("says which library could not be loaded", async () => {
    await expect(
      createNvmlSource({ libraryPath: "/nonexistent/libnvidia-ml.so.1" }),
    ).rejects.toThrow("NVML (/nonexistent/libnvidia-ml.so.1) cannot be loaded");
  });

  it("keeps the event loop running while a driver call hangs", async () => {
    const source = await createNvmlSource({ libraryPath });
    fake({ SLEEP_MS: "400" });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const read = source.read(AbortSignal.timeout(5000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ticksDuringCall = ticks;
    await read;
    clearInterval(timer);
    await source.close();
    expect(ticksDuringCall).toBeGreaterThanOrEqual(10);
  });

  it("shuts NVML down on close; reads after it reject", async () => {
    const source = await createNvmlSource({ libraryPath });
    await source.close();
    await expect(source.read(AbortSignal.timeout(1000))).rejects.toThrow(
      "the NVML source is closed",
    );
  });
});
