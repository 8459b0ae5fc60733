import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clientModelVersion } from "./client-model.generated.js";
import {
  clientModelFile,
  pinnedClientModelVersion,
  readMetricsProto,
  renderClientModelModule,
} from "./write-client-model.js";

const goMissing = spawnSync("go", ["version"]).status !== 0 && "Go is not installed";

describe("the generated client_model messages", () => {
  it("come from the client_model release the pinned Prometheus builds with", () => {
    expect(clientModelVersion).toBe(pinnedClientModelVersion());
  });

  it.skipIf(goMissing)(
    "are what metrics.proto of that release renders to (npm run generate)",
    () => {
      const version = pinnedClientModelVersion();
      expect(renderClientModelModule(readMetricsProto(version), version)).toBe(
        readFileSync(clientModelFile, "utf8"),
      );
    },
  );
});
