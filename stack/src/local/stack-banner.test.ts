import { describe, expect, it } from "vitest";
import type { StackState } from "../run-dir/stack-state.js";
import { formatStackBanner } from "./stack-banner.js";

const service = (port: number) => ({ url: `http://127.0.0.1:${port}`, pid: port });
const state = (alertmanagerPath: string): StackState => ({
  services: {
    dashboards: service(3000),
    prometheus: {
      ...service(9090),
      binary: { path: "/c/prometheus", origin: "upstream", version: "3.13.5" },
    },
    pushgateway: {
      ...service(9091),
      binary: { path: "/c/pushgateway", origin: "upstream", version: "1.11.3" },
    },
    alertmanager: {
      ...service(9093),
      binary: { path: alertmanagerPath, origin: "path", version: "0.25.0" },
    },
    alertReceiver: service(9095),
    gpuCollector: { ...service(9401), source: "replay" },
  },
  trainers: [
    {
      ...service(9400),
      job: "mnist_mlp",
      task: "worker-0",
      learningRate: 0.001,
      logFile: "/r/t0.log",
      match: "demo-worker",
    },
  ],
  alertTiming: "fast",
  dir: "/r",
  startedAt: "2026-12-06T10:00:00.000Z",
});

describe("formatStackBanner", () => {
  it("frames the demo's dashboards on the stack's start, and says what it shows and injects", () => {
    const text = formatStackBanner(state("/usr/bin/alertmanager"), {
      demo: true,
      binaries: "the system's binaries run now; …",
    });
    const from = Date.parse("2026-12-06T10:00:00.000Z") - 10_000;
    expect(text).toContain(
      `Dashboards     http://127.0.0.1:3000/d/trainwatch-training?var-job=mnist_mlp&var-task=All&from=${from}&to=now&refresh=5s`,
    );
    expect(text).toContain("Explore        http://127.0.0.1:3000/explore");
    expect(text).toMatch(/TrainingNoImprovement stops it/);
    expect(text).toMatch(/stalls after \d+ steps \(injected\)/);
    expect(text).toContain("Binaries       the system's binaries run now");
    expect(text).toContain("RECORDED TRACE");
  });

  it("names Prometheus' address without linking a web UI, and links Debian's Alertmanager's alerts as JSON", () => {
    const debian = formatStackBanner(state("/usr/bin/prometheus-alertmanager"), { demo: false });
    expect(debian).toContain("Prometheus     127.0.0.1:9090  (the HTTP API");
    expect(debian).not.toContain("http://127.0.0.1:9090");
    expect(debian).toContain("Alertmanager   http://127.0.0.1:9093/api/v2/alerts");
    expect(debian).toContain("from=now-30m");
    expect(debian).not.toContain("What the demo shows");
    const upstream = formatStackBanner(state("/c/alertmanager"), { demo: false });
    expect(upstream).toContain("Alertmanager   http://127.0.0.1:9093/#/alerts");
  });
});
