import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseUpConfig } from "./up-config.js";

const defaults: Parameters<typeof parseUpConfig>[0] = {
  dir: "/tmp/x",
  host: "127.0.0.1",
  job: "mnist_mlp",
  workers: "2",
  learningRates: "0.001,0.01",
  detach: false,
  gpu: "none",
  alertTiming: "production",
  trainerArgs: [],
};

describe("parseUpConfig", () => {
  it("gives the workers the learning rates in turn", () => {
    expect(parseUpConfig({ ...defaults, workers: "3" }).trainers).toEqual([
      { job: "mnist_mlp", task: "worker-0", learningRate: 0.001, args: [] },
      { job: "mnist_mlp", task: "worker-1", learningRate: 0.01, args: [] },
      { job: "mnist_mlp", task: "worker-2", learningRate: 0.001, args: [] },
    ]);
  });

  it("names every bad flag with its value", () => {
    expect(() =>
      parseUpConfig({
        ...defaults,
        workers: "many",
        learningRates: "0.1,fast",
        prometheusPort: "99999",
      }),
    ).toThrow(
      /3 problems:\n {2}- --prometheus-port: .*\(got "99999"\)\n {2}- --workers: expected a number \(got "many"\)\n {2}- --learning-rates: .*\(got "0\.1,fast"\)$/,
    );
  });

  it("checks the cost configuration before anything starts, naming the file's bad field", () => {
    const file = join(mkdtempSync(join(tmpdir(), "up-cost-")), "cost.yml");
    writeFileSync(file, "gridGramsPerKwh: -3\n");
    expect(() => parseUpConfig({ ...defaults, costConfig: file })).toThrow(
      `--cost-config: cost configuration ${file} (see prometheus/cost.yml): gridGramsPerKwh: expected a number above 0 (got -3) (got "${file}")`,
    );
    writeFileSync(file, "gridGramsPerKwh: 380\n");
    expect(parseUpConfig({ ...defaults, costConfig: file }).costConfig).toBe(file);
  });

  it("gives the --fault-* trainer flags to --fault-task only, the others to every worker", () => {
    const { trainers } = parseUpConfig({
      ...defaults,
      faultTask: "worker-1",
      trainerArgs: ["--epochs", "9", "--fault-stall-after", "30", "--fault-nan-after=5"],
    });
    expect(trainers.map((t) => t.args)).toEqual([
      ["--epochs", "9"],
      ["--epochs", "9", "--fault-stall-after", "30", "--fault-nan-after=5"],
    ]);
  });

  it("takes --nodes from 1 to 16, without the single machine's port flags", () => {
    expect(parseUpConfig({ ...defaults, nodes: "3" }).nodes).toBe(3);
    expect(parseUpConfig(defaults).nodes).toBeUndefined();
    expect(() => parseUpConfig({ ...defaults, nodes: "0" })).toThrow(/--nodes: .*\(got "0"\)/);
    expect(() => parseUpConfig({ ...defaults, nodes: "2", prometheusPort: "9090" })).toThrow(
      "--prometheus-port cannot be used with --nodes: each namespace has fixed ports (`trainwatch status` lists them); leave it out",
    );
  });

  it("keeps --tls to one machine, naming why", () => {
    expect(parseUpConfig({ ...defaults, tls: true }).tls).toBe(true);
    expect(() => parseUpConfig({ ...defaults, tls: true, nodes: "2" })).toThrow(
      /--tls runs on one machine for now: leave out --nodes/,
    );
  });

  it("keeps --otlp to one machine, naming why", () => {
    expect(parseUpConfig({ ...defaults, otlp: true }).otlp).toBe(true);
    expect(parseUpConfig(defaults).otlp).toBe(false);
    expect(() => parseUpConfig({ ...defaults, otlp: true, nodes: "2" })).toThrow(
      /--otlp runs on one machine: leave out --nodes/,
    );
  });

  it("times the demo's alerts fast unless told otherwise, and keeps it to one machine", () => {
    const { alertTiming: _, ...untimed } = defaults;
    expect(parseUpConfig({ ...untimed, demo: true }).alertTiming).toBe("fast");
    expect(parseUpConfig({ ...untimed }).alertTiming).toBe("production");
    expect(parseUpConfig({ ...defaults, demo: true }).alertTiming).toBe("production");
    expect(() => parseUpConfig({ ...defaults, demo: true, nodes: "2" })).toThrow(
      /--demo runs on one machine/,
    );
  });
});
