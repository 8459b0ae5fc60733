import { describe, expect, it } from "vitest";
import { findBinary, prometheusBinary, pushgatewayBinary } from "./find-binary.js";

describe("findBinary", () => {
  it("finds the Debian binary on PATH", () => {
    expect(findBinary(pushgatewayBinary)).toMatch(/\/(prometheus-)?pushgateway$/);
  });

  it("names the package to install when the binary is missing", () => {
    expect(() => findBinary(prometheusBinary, "/nonexistent")).toThrow(
      "prometheus not found on PATH: install it with `sudo apt-get install -y prometheus`",
    );
  });
});
