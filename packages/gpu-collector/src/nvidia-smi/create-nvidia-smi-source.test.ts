import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  captureRow,
  captures,
  fixturesDir,
  installFakeNvidiaSmi,
} from "../../test-support/fake-gpus.js";
import { createNvidiaSmiSource } from "./create-nvidia-smi-source.js";

const fakeBinary = `${installFakeNvidiaSmi()}/nvidia-smi`;

function withCaptures(gpuFiles: string[], appsFiles: string[], mode = "normal", pmon?: string) {
  process.env.FAKE_SMI_GPU_CAPTURES = gpuFiles.join(",");
  process.env.FAKE_SMI_APPS_CAPTURES = appsFiles.join(",");
  process.env.FAKE_SMI_MODE = mode;
  if (pmon) process.env.FAKE_SMI_PMON_CAPTURE = pmonFile(pmon);
  else delete process.env.FAKE_SMI_PMON_CAPTURE;
}

const pmonFile = (name: string) =>
  fileURLToPath(new URL(`../../test-support/pmon/${name}`, import.meta.url));

/** The capture's own number for a column, in base units, or undefined when the cell is not a number. */
function expected(row: Record<string, string>, column: string, factor = 1): number | undefined {
  const match = /^(-?[\d.]+)/.exec(row[column] ?? "");
  return match ? Number(match[1]) * factor : undefined;
}

describe("createNvidiaSmiSource", () => {
  it.each(captures)("reads $name as the capture says, in base units", async ({ gpu, apps }) => {
    withCaptures([gpu], [apps]);
    const [reading, ...rest] = await createNvidiaSmiSource({ binary: fakeBinary }).read(
      AbortSignal.timeout(10_000),
    );
    const row = captureRow(gpu);
    expect(rest).toEqual([]);
    expect(reading).toMatchObject({
      index: 0,
      uuid: row.uuid,
      name: row.name,
      driverVersion: row.driver_version,
      pciBusId: row["pci.bus_id"],
      memoryUsedBytes: expected(row, "memory.used", 1024 * 1024),
      memoryTotalBytes: expected(row, "memory.total", 1024 * 1024),
      temperatureCelsius: expected(row, "temperature.gpu"),
      powerDrawWatts: expected(row, "power.draw"),
      powerLimitWatts: expected(row, "power.limit"),
      smClockHertz: expected(row, "clocks.current.sm", 1e6),
      memoryClockHertz: expected(row, "clocks.current.memory", 1e6),
      eccErrorsUncorrected: expected(row, "ecc.errors.uncorrected.aggregate.total"),
    });
    // A cell such as [N/A] (utilization under MIG) yields undefined: no series, never a zero.
    expect(reading?.utilizationRatio).toBe(expected(row, "utilization.gpu", 0.01));
    expect(reading?.memoryUtilizationRatio).toBe(expected(row, "utilization.memory", 0.01));
    expect(reading?.clockEvents?.hw_thermal_slowdown).toBe(
      row["clocks_event_reasons.hw_thermal_slowdown"] === "Active",
    );
    expect(reading?.clockEvents?.gpu_idle).toBe(row["clocks_event_reasons.gpu_idle"] === "Active");
    // Row remapping: the data-centre GPUs report it, GeForce and MIG captures say [N/A].
    expect(reading?.remappedRows).toEqual(
      row["remapped_rows.failure"] === "[N/A]"
        ? undefined
        : {
            correctable: expected(row, "remapped_rows.correctable"),
            uncorrectable: expected(row, "remapped_rows.uncorrectable"),
            pending: row["remapped_rows.pending"] === "Yes",
            failed: row["remapped_rows.failure"] === "Yes",
          },
    );
    const appLines = (await import("node:fs"))
      .readFileSync(apps, "utf8")
      .trim()
      .split("\n")
      .slice(1);
    expect(reading?.processes.map((p) => p.pid)).toEqual(
      appLines.map((l) => Number(l.split(", ")[5])),
    );
  });

  it("reads several GPUs, each with its own processes", async () => {
    const h100 = captures.find((c) => c.name.includes("h100-80gb-hbm3") && c.name.endsWith("load"));
    if (!h100) throw new Error(`no H100 load capture in ${fixturesDir}`);
    withCaptures([h100.gpu, h100.gpu, h100.gpu], [h100.apps]);
    const readings = await createNvidiaSmiSource({ binary: fakeBinary }).read(
      AbortSignal.timeout(10_000),
    );
    expect(readings.map((r) => [r.index, r.uuid.slice(-1)])).toEqual([
      [0, "0"],
      [1, "1"],
      [2, "2"],
    ]);
    expect(readings.map((r) => r.processes.length)).toEqual([3, 0, 0]);
  });

  it("gives each process its SM utilization from nvidia-smi pmon, an unlisted one idle", async () => {
    const h100 = captures.find((c) => c.name.includes("h100-80gb-hbm3") && c.name.endsWith("load"));
    if (!h100) throw new Error(`no H100 load capture in ${fixturesDir}`);
    withCaptures([h100.gpu], [h100.apps], "normal", "h100-two-jobs.txt");
    const [reading] = await createNvidiaSmiSource({ binary: fakeBinary }).read(
      AbortSignal.timeout(10_000),
    );
    expect(reading?.processes.map((p) => [p.pid, p.smUtilizationRatio])).toEqual([
      [11327, 0],
      [11328, 0],
      [11345, 0.97],
    ]);
  });

  it("leaves the processes' utilization unknown where pmon fails, and reads the rest", async () => {
    const h100 = captures.find((c) => c.name.includes("h100-80gb-hbm3") && c.name.endsWith("load"));
    if (!h100) throw new Error(`no H100 load capture in ${fixturesDir}`);
    withCaptures([h100.gpu], [h100.apps]);
    const [reading] = await createNvidiaSmiSource({ binary: fakeBinary }).read(
      AbortSignal.timeout(10_000),
    );
    expect(reading?.processes.map((p) => [p.pid, p.smUtilizationRatio])).toEqual([
      [11327, undefined],
      [11328, undefined],
      [11345, undefined],
    ]);
    expect(reading?.temperatureCelsius).toBeGreaterThan(0);
  });

  it("falls back to clocks_throttle_reasons.* on a driver that rejects clocks_event_reasons.*", async () => {
    const idle = captures.find((c) => c.name.includes("rtx-2080") && c.name.endsWith("idle"));
    if (!idle) throw new Error("no RTX 2080 idle capture");
    withCaptures([idle.gpu], [idle.apps], "old-driver");
    const [reading] = await createNvidiaSmiSource({ binary: fakeBinary }).read(
      AbortSignal.timeout(10_000),
    );
    expect(reading?.clockEvents).toMatchObject({ sw_power_cap: true, gpu_idle: false });
  });

  it("reads Windows line ends", async () => {
    const [first] = captures;
    if (!first) throw new Error("no captures");
    withCaptures([first.gpu], [first.apps], "crlf");
    const readings = await createNvidiaSmiSource({ binary: fakeBinary }).read(
      AbortSignal.timeout(10_000),
    );
    expect(readings[0]?.name).toBe(captureRow(first.gpu).name);
  });

  it.each([
    // Both queries run at once; whichever fails first gives the reason.
    ["garbage", /nvidia-smi line 1 has 1 columns, expected (27|3)/],
    [
      "fail",
      /--query-(gpu|compute-apps) failed \(exit 9\): NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/,
    ],
  ])("rejects %s output with the reason", async (mode, message) => {
    const [first] = captures;
    if (!first) throw new Error("no captures");
    withCaptures([first.gpu], [first.apps], mode);
    await expect(
      createNvidiaSmiSource({ binary: fakeBinary }).read(AbortSignal.timeout(10_000)),
    ).rejects.toThrow(message);
  });

  it("kills an nvidia-smi that hangs and says so", async () => {
    withCaptures([], [], "hang");
    const started = performance.now();
    await expect(
      createNvidiaSmiSource({ binary: fakeBinary, timeoutMs: 300 }).read(
        AbortSignal.timeout(10_000),
      ),
    ).rejects.toThrow("did not answer within 300 ms (killed)");
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
