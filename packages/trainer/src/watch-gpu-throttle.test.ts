import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { describe, expect, it } from "vitest";
import { reportsThermalSlowdown, watchGpuThrottle } from "./watch-gpu-throttle.js";

const line = (reason: string, value: number) =>
  `gpu_clock_event_active{gpu="0",uuid="GPU-1",source="replay",reason="${reason}"} ${value}`;

describe("reportsThermalSlowdown", () => {
  it("is true while a thermal reason holds a GPU's clocks down, and false for other reasons", () => {
    expect(
      reportsThermalSlowdown([line("gpu_idle", 1), line("hw_thermal_slowdown", 1)].join("\n")),
    ).toBe(true);
    expect(reportsThermalSlowdown(line("sw_thermal_slowdown", 1))).toBe(true);
    expect(
      reportsThermalSlowdown([line("hw_thermal_slowdown", 0), line("sw_power_cap", 1)].join("\n")),
    ).toBe(false);
    expect(reportsThermalSlowdown("# HELP gpu_clock_event_active …\n")).toBe(false);
  });
});

describe("watchGpuThrottle", () => {
  it("follows what the collector reports, and counts a collector that went away as not throttled", async () => {
    let body = line("hw_thermal_slowdown", 1);
    const server = createServer((_req, res) => res.end(body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const warnings: string[] = [];
    const watch = watchGpuThrottle(url, {
      intervalMs: 50,
      logger: createLogger("t", (text) => warnings.push(text)),
    });
    try {
      await waitFor(() => watch.throttled(), { what: "the slowdown to be seen", timeoutMs: 5000 });
      body = line("hw_thermal_slowdown", 0);
      await waitFor(() => !watch.throttled(), { what: "the slowdown to clear", timeoutMs: 5000 });
      body = line("hw_thermal_slowdown", 1);
      await waitFor(() => watch.throttled(), { what: "it again", timeoutMs: 5000 });
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await waitFor(() => !watch.throttled(), { what: "no slowdown once gone", timeoutMs: 5000 });
      expect(warnings.filter((w) => w.includes("cannot read"))).toHaveLength(1);
    } finally {
      watch.close();
      server.close();
    }
  });
});
