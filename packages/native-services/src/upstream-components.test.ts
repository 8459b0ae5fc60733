import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readUpstreamPins } from "./read-upstream-pins.js";
import { upstreamComponents, upstreamModuleDir } from "./upstream-components.js";

describe("upstreamComponents", () => {
  it("maps a Prometheus 3 release to its Go module version", () => {
    expect(upstreamComponents.prometheus.moduleVersion("3.13.5")).toBe("v0.313.5");
    expect(upstreamComponents.prometheus.moduleVersion("3.4.2")).toBe("v0.304.2");
    expect(upstreamComponents.pushgateway.moduleVersion("1.11.3")).toBe("v1.11.3");
  });

  it("has a wrapper module per component that requires the version .env pins and builds its tools", () => {
    const pins = readUpstreamPins();
    for (const spec of Object.values(upstreamComponents)) {
      const goMod = readFileSync(join(upstreamModuleDir(spec.component), "go.mod"), "utf8");
      expect(goMod).toMatch(
        new RegExp(
          `^\\s*(require )?${spec.module} ${spec.moduleVersion(pins[spec.component])}( // indirect)?$`,
          "m",
        ),
      );
      for (const tool of spec.tools) expect(goMod).toMatch(new RegExp(`/${tool}$`, "m"));
    }
  });
});
