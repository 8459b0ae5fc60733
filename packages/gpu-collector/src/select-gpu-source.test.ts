import { createLogger } from "@trainwatch/cli-kit";
import { beforeAll, describe, expect, it } from "vitest";
import { buildFakeNvml, captures, installFakeNvidiaSmi } from "../test-support/fake-gpus.js";
import { parseSourceSpec, selectGpuSource } from "./select-gpu-source.js";

let nvmlLibrary: string;
const smiDir = installFakeNvidiaSmi();

describe("selectGpuSource", () => {
  beforeAll(() => {
    nvmlLibrary = buildFakeNvml();
    const [capture] = captures;
    process.env.FAKE_SMI_GPU_CAPTURES = capture?.gpu ?? "";
    process.env.FAKE_SMI_APPS_CAPTURES = capture?.apps ?? "";
    process.env.FAKE_SMI_MODE = "normal";
  });

  it("takes NVML first in auto mode", async () => {
    const source = await selectGpuSource(
      { kind: "auto" },
      { nvmlLibrary, nvidiaSmi: `${smiDir}/nvidia-smi`, logger: createLogger("t", () => {}) },
    );
    expect(source?.name).toBe("nvml");
    await source?.close();
  });

  it("falls back to nvidia-smi when NVML cannot load", async () => {
    const source = await selectGpuSource(
      { kind: "auto" },
      {
        nvmlLibrary: "/nonexistent.so",
        nvidiaSmi: `${smiDir}/nvidia-smi`,
        logger: createLogger("t", () => {}),
      },
    );
    expect(source?.name).toBe("nvidia-smi");
  });

  it("finds none, in one line saying why, when neither answers", async () => {
    const lines: string[] = [];
    const source = await selectGpuSource(
      { kind: "auto" },
      {
        nvmlLibrary: "/nonexistent.so",
        nvidiaSmi: "/nonexistent/nvidia-smi",
        logger: createLogger("t", (l) => lines.push(l)),
      },
    );
    expect(source).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[t\] no GPU found \(NVML: NVML \(\/nonexistent\.so\) cannot be loaded.*; nvidia-smi: .*\/nonexistent\/nvidia-smi.*\)$/,
    );
  });
});

describe("parseSourceSpec", () => {
  it("reads every source form and refuses others", () => {
    expect(
      ["auto", "nvml", "nvidia-smi", "none", "replay:/t.jsonl", "replay:", "gpu"].map(
        parseSourceSpec,
      ),
    ).toEqual([
      { kind: "auto" },
      { kind: "nvml" },
      { kind: "nvidia-smi" },
      { kind: "none" },
      { kind: "replay", file: "/t.jsonl" },
      undefined,
      undefined,
    ]);
  });
});
