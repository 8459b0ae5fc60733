import { describe, expect, it } from "vitest";
import { parseTrainerConfig } from "./trainer-config.js";

describe("parseTrainerConfig", () => {
  it("fills every default and disables auth and control when no variable is set", () => {
    const config = parseTrainerConfig({}, {});
    expect(config).toMatchObject({
      job: "mnist_mlp",
      task: "worker-0",
      epochs: 5,
      batchSize: 64,
      report: { kind: "step" },
      metricsAuth: { kind: "none" },
      controlToken: undefined,
    });
  });

  it("reads steps:N report mode and a bearer token from the environment", () => {
    const config = parseTrainerConfig(
      { report: "steps:10" },
      { TRAINWATCH_METRICS_TOKEN: "0123456789abcdef" },
    );
    expect([config.report, config.metricsAuth]).toEqual([
      { kind: "steps", every: 10 },
      { kind: "bearer", token: "0123456789abcdef" },
    ]);
  });

  it("reports bad flags and bad variables together, each by its own name", () => {
    expect(() =>
      parseTrainerConfig(
        { epochs: "abc", metricsPort: "70000" },
        { TRAINWATCH_METRICS_USER: "prom", TRAINWATCH_CONTROL_TOKEN: "short" },
      ),
    ).toThrow(
      /4 problems:\n {2}- --epochs: expected a number \(got "abc"\)\n {2}- --metrics-port: .*\(got "70000"\)\n {2}- TRAINWATCH_CONTROL_TOKEN: expected at least 16 characters \(got "short"\)\n {2}- TRAINWATCH_METRICS_USER: set both TRAINWATCH_METRICS_USER and TRAINWATCH_METRICS_PASSWORD_HASH, or neither/,
    );
  });

  it("rejects a password that is not a bcrypt hash, saying how to make one", () => {
    expect(() =>
      parseTrainerConfig(
        {},
        { TRAINWATCH_METRICS_USER: "prom", TRAINWATCH_METRICS_PASSWORD_HASH: "hunter2" },
      ),
    ).toThrow(/TRAINWATCH_METRICS_PASSWORD_HASH: expected a bcrypt hash .*htpasswd/);
  });

  it("refuses more digits than the mnist package ships", () => {
    expect(() => parseTrainerConfig({ trainSize: "9000", validationSize: "2000" }, {})).toThrow(
      /--train-size: --train-size plus --validation-size must be at most \d+/,
    );
  });
});
