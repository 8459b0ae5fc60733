import { fileURLToPath } from "node:url";

/** The replay trace shipped with the collector, for demos on machines without a GPU. */
export const demoTraceFile: string = fileURLToPath(
  new URL("../../traces/h100-demo.jsonl", import.meta.url),
);

/** Where the real nvidia-smi captures live: the workplace's shared/ folder beside the repo. */
export const defaultFixturesDir: string = fileURLToPath(
  new URL("../../../../../shared/fixtures/nvidia-smi/", import.meta.url),
);

/** `nvidia-smi pmon` of the H100 load capture's processes (written to NVIDIA's format: see its README). */
export const demoPmonFile: string = fileURLToPath(
  new URL("../../test-support/pmon/h100-two-jobs.txt", import.meta.url),
);
