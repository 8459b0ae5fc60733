import {
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { promAnnotation } from "../annotations.js";
import { dualAxisTimeseries, stateTimeline, timeseries } from "../panels.js";
import { fleetThrottleMarkerExpr, queries as q, xidMarkerExpr } from "../queries.js";
import { instanceVariable } from "../variables.js";

export const gpuFleetUid = "trainwatch-gpu-fleet";

/**
 * Every GPU's state: utilization, memory, heat, power, clocks, throttle reasons, energy,
 * processes, and its faults (XID events, remapped rows, PCIe replays); thermal slowdowns and
 * XID events marked on every chart.
 */
export function gpuFleet(): Dashboard {
  return new DashboardBuilder("trainwatch · GPU fleet")
    .uid(gpuFleetUid)
    .tags(["trainwatch", "gpu"])
    .refresh("5s")
    .time({ from: "now-30m", to: "now" })
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(instanceVariable())
    .annotation(promAnnotation("GPU XID errors", "purple", xidMarkerExpr))
    .annotation(
      promAnnotation("GPU thermal slowdown", "yellow", fleetThrottleMarkerExpr, {
        title: "GPU thermal slowdown",
        text: "GPU {{gpu}} on {{instance}} is throttled: its clocks are held down",
      }),
    )
    .withRow(new RowBuilder("Load"))
    .withPanel(
      timeseries({
        title: "Utilization",
        description: "Share of time a kernel ran on each GPU.",
        unit: "percentunit",
        queries: [q.gpuUtilization],
        grid: { x: 0, y: 1, w: 12, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: "Memory used",
        description: "GPU memory in use, beside each GPU's total.",
        unit: "bytes",
        queries: [q.gpuMemoryUsed, q.gpuMemoryTotal],
        grid: { x: 12, y: 1, w: 12, h: 8 },
      }),
    )
    .withRow(new RowBuilder("Heat, power and clocks"))
    .withPanel(
      timeseries({
        title: "Temperature",
        description: "GPU core temperature.",
        unit: "celsius",
        queries: [q.gpuTemperature],
        grid: { x: 0, y: 10, w: 8, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: "Power",
        description: "Power drawn, beside the enforced limit.",
        unit: "watt",
        queries: [q.gpuPower, q.gpuPowerLimit],
        grid: { x: 8, y: 10, w: 8, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: "SM clock",
        description: "Streaming-multiprocessor clock: it drops when the GPU throttles.",
        unit: "hertz",
        queries: [q.gpuSmClock],
        grid: { x: 16, y: 10, w: 8, h: 8 },
      }),
    )
    .withPanel(
      stateTimeline({
        title: "Throttle reasons",
        description: "Clock-event reasons holding the clocks down (1 = active), idle left out.",
        unit: "bool_on_off",
        queries: [q.gpuClockEvents],
        grid: { x: 0, y: 18, w: 24, h: 7 },
      }).thresholds(
        // An active reason stands out in red; an inactive one stays green.
        new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
          { value: null, color: "green" },
          { value: 1, color: "red" },
        ]),
      ),
    )
    .withRow(new RowBuilder("Energy, processes, collector"))
    .withPanel(
      timeseries({
        title: "Energy rate",
        description: "Energy consumed per second (from the NVML energy counter).",
        unit: "watt",
        queries: [q.gpuEnergyRate],
        grid: { x: 0, y: 26, w: 6, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: "Memory per process",
        description:
          "GPU memory each compute process holds; its pid, container and pod join it to training_info.",
        unit: "bytes",
        queries: [q.gpuProcessMemory],
        grid: { x: 6, y: 26, w: 6, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: "Utilization per process",
        description:
          "Share of time the GPU's SMs ran each process's kernels: when jobs share a GPU, each one's own part (NVML, nvidia-smi pmon).",
        unit: "percentunit",
        queries: [q.gpuProcessUtilization],
        grid: { x: 12, y: 26, w: 6, h: 8 },
      }),
    )
    .withPanel(
      dualAxisTimeseries(
        {
          title: "Collector health",
          description:
            "Whether the collector's last read succeeded (1, left axis), and how long reads take (right axis).",
          unit: "none",
          queries: [q.collectorUp, q.collectorReadDuration],
          grid: { x: 18, y: 26, w: 6, h: 8 },
        },
        "s",
      ),
    )
    .withRow(new RowBuilder("Faults").gridPos({ x: 0, y: 34, w: 24, h: 1 }))
    .withPanel(
      timeseries({
        title: "XID errors",
        description:
          "XID error events per GPU and code (NVML events); the GpuXidError runbook says what each code means.",
        unit: "none",
        queries: [q.gpuXidErrors],
        grid: { x: 0, y: 35, w: 8, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: "Remapped rows",
        description:
          "Memory rows each GPU remapped, by cause, and whether a remap waits for a reset or failed (1).",
        unit: "none",
        queries: [q.gpuRemappedRows, q.gpuRowRemapPending, q.gpuRowRemapFailed],
        grid: { x: 8, y: 35, w: 8, h: 8 },
      }),
    )
    .withPanel(
      timeseries({
        title: "PCIe replays",
        description: "PCIe packets replayed per second (link errors; NVML only).",
        unit: "none",
        queries: [q.gpuPcieReplays],
        grid: { x: 16, y: 35, w: 8, h: 8 },
      }),
    )
    .build();
}
