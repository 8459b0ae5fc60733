import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir } from "../../test-support/fake-gpus.js";
import { buildDemoTrace, formatReplayFile } from "./build-demo-trace.js";
import { createReplaySource, readReplayFile } from "./create-replay-source.js";
import { demoTraceFile } from "./demo-trace-paths.js";
import { listLiveProcesses } from "./list-live-processes.js";

function replayFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "tw-replay-")), "trace.jsonl");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}
const gpu = (energy: number, temperature: number) => ({
  index: 0,
  uuid: "GPU-1",
  name: "X",
  driverVersion: "1",
  pciBusId: "p",
  temperatureCelsius: temperature,
  energyJoules: energy,
  processes: [],
});

describe("createReplaySource", () => {
  it("plays frames back in real time and loops, keeping energy rising", async () => {
    const file = replayFile([
      "# comment",
      JSON.stringify({ t: 0, gpus: [gpu(100, 40)] }),
      JSON.stringify({ t: 1, gpus: [gpu(110, 80)] }),
    ]);
    let now = 1_000_000;
    const source = createReplaySource(file, { now: () => now });
    const at = async (seconds: number) => {
      now = 1_000_000 + seconds * 1000;
      const [reading] = await source.read(AbortSignal.timeout(1000));
      return [reading?.temperatureCelsius, reading?.energyJoules];
    };
    expect([await at(0), await at(1.5), await at(2.2), await at(3.9)]).toEqual([
      [40, 100],
      [80, 110],
      [40, 110],
      [80, 120],
    ]);
    expect(source.name).toBe("replay");
  });

  it.each([
    [["{not json"], /line 1 is not JSON/],
    [[JSON.stringify({ t: 0, gpus: [{ index: 0 }] })], /line 1: gpus\.0\.uuid: /],
    [
      [JSON.stringify({ t: 1, gpus: [] }), JSON.stringify({ t: 1, gpus: [] })],
      /line 2: t must rise \(got 1\)/,
    ],
    [["# only a comment"], /has no frames/],
  ])("refuses a bad file, naming the line: %j", (lines, message) => {
    expect(() => readReplayFile(replayFile(lines))).toThrow(message);
  });
});

describe("the shipped demo trace", () => {
  it("is what buildDemoTrace makes from the real captures (regenerate with generate:trace)", () => {
    expect(readFileSync(demoTraceFile, "utf8")).toBe(formatReplayFile(buildDemoTrace(fixturesDir)));
  });

  it("goes from idle to load and holds a thermal slowdown at t=65-89 s", () => {
    const frames = readReplayFile(demoTraceFile);
    const at = (t: number) => frames.find((f) => f.t === t)?.gpus[0];
    expect([at(10)?.utilizationRatio, at(30)?.utilizationRatio]).toEqual([0, 1]);
    expect([
      at(64)?.clockEvents?.hw_thermal_slowdown,
      at(70)?.clockEvents?.hw_thermal_slowdown,
      at(95)?.clockEvents?.hw_thermal_slowdown,
    ]).toEqual([false, true, false]);
    expect(at(70)?.temperatureCelsius).toBeGreaterThan(85);
    expect(at(70)?.smClockHertz).toBeLessThan(at(30)?.smClockHertz ?? 0);
  });

  it("gives the recorded GPUs to live processes whose command matches, round-robin", async () => {
    const proc = mkdtempSync(join(tmpdir(), "trainwatch-proc-"));
    const command = (pid: number, argv: string[]) => {
      mkdirSync(join(proc, String(pid)));
      writeFileSync(join(proc, String(pid), "cmdline"), `${argv.join("\0")}\0`);
    };
    command(7, ["node", "/app/node_modules/.bin/trainwatch-trainer", "--task", "worker-0"]);
    command(9, ["/sbin/docker-init", "--", "trainwatch-entrypoint", "trainwatch-trainer"]);
    command(12, ["node", "/app/node_modules/.bin/trainwatch-trainer", "--task", "worker-1"]);
    command(15, ["node", "packages/trainer/dist/cli.js", "--task", "worker-2"]);
    const two = [0, 1].map((index) => ({
      ...gpu(100, 40),
      index,
      uuid: `GPU-${index}`,
      memoryUsedBytes: 5000,
      utilizationRatio: 0.8,
      processes: index === 0 ? [{ pid: 31337, memoryUsedBytes: 4000 }] : [],
    }));
    const source = createReplaySource(replayFile([JSON.stringify({ t: 0, gpus: two })]), {
      liveProcesses: /trainwatch-trainer|trainer\/dist\/cli\.js/,
      proc,
    });
    const readings = await source.read(AbortSignal.timeout(1000));
    // Two trainers on GPU 0 share its utilization; the one on GPU 1 has all of it.
    expect(readings.map((r) => r.processes)).toEqual([
      [
        { pid: 7, memoryUsedBytes: 4000, smUtilizationRatio: 0.4 },
        { pid: 15, memoryUsedBytes: 4000, smUtilizationRatio: 0.4 },
      ],
      [{ pid: 12, memoryUsedBytes: 5000, smUtilizationRatio: 0.8 }],
    ]);
  });
});

describe("listLiveProcesses", () => {
  it("finds a process running here by its program and first argument", async () => {
    const child = spawn("sleep", ["7.25"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => child.once("spawn", resolve));
      expect(listLiveProcesses(/^sleep 7\.25$/)).toEqual([child.pid]);
      expect(listLiveProcesses(/^sleep 7\.26$/)).toEqual([]);
      expect(listLiveProcesses(/sleep/, "/nonexistent-proc")).toEqual([]);
    } finally {
      child.kill();
    }
  });
});
