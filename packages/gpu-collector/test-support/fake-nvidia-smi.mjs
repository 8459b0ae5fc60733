#!/usr/bin/env node
// A fake nvidia-smi for tests on machines without a GPU. It answers
// `--query-gpu=<fields>` and `--query-compute-apps=<fields>` from real captures
// (shared/fixtures/nvidia-smi) by picking columns by name, honouring noheader and nounits:
//   FAKE_SMI_GPU_CAPTURES   comma list of *.query-gpu.csv files, one GPU each, in index order
//   FAKE_SMI_APPS_CAPTURES  comma list of *.query-compute-apps.csv files
//   FAKE_SMI_MODE           normal | old-driver (rejects clocks_event_reasons.*, answers the
//                           clocks_throttle_reasons.* names) | crlf | garbage | fail | hang
//   FAKE_SMI_MODE_FILE      a file holding the mode, read at every call (to change it mid-run)
//   FAKE_SMI_PMON_CAPTURE   what `pmon` prints (test-support/pmon/*.txt); unset: pmon fails,
//                           as on a GPU or driver without per-process utilization
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const mode = process.env.FAKE_SMI_MODE_FILE
  ? readFileSync(process.env.FAKE_SMI_MODE_FILE, "utf8").trim()
  : (process.env.FAKE_SMI_MODE ?? "normal");
const args = process.argv.slice(2);
const queryArg = args.find((a) => a.startsWith("--query-"));
if (args[0] === "pmon" && mode !== "hang") {
  if (!process.env.FAKE_SMI_PMON_CAPTURE) {
    console.log("Failed to process command line: pmon is not supported on this GPU.");
    process.exit(3);
  }
  process.stdout.write(readFileSync(process.env.FAKE_SMI_PMON_CAPTURE, "utf8"));
  process.exit(0);
}
const format = (args.find((a) => a.startsWith("--format=")) ?? "--format=csv").slice(9).split(",");
if (!queryArg && args[0] !== "pmon") {
  console.log("fake nvidia-smi: only --query-gpu / --query-compute-apps are supported");
  process.exit(0);
}
if (mode === "hang") await sleep(3_600_000);
if (mode === "fail") {
  console.log(
    "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.",
  );
  process.exit(9);
}
if (mode === "garbage") {
  console.log("\u0000\u0007%%% this is not CSV %%%");
  process.exit(0);
}

const [kind, fieldList] = queryArg.slice(8).split("=");
const fields = fieldList.split(",");
const captures = (
  process.env[kind === "gpu" ? "FAKE_SMI_GPU_CAPTURES" : "FAKE_SMI_APPS_CAPTURES"] ?? ""
)
  .split(",")
  .filter(Boolean);

const rows = [];
let header = [];
for (const [gpu, file] of captures.entries()) {
  const lines = readFileSync(file, "utf8").split(/\r?\n/).filter(Boolean);
  header = lines[0].split(", ");
  for (const line of lines.slice(1)) {
    const cells = line.split(", ");
    if (kind === "gpu" && captures.length > 1) {
      // Several copies of one capture stand for several GPUs: give each its own index and uuid.
      cells[header.indexOf("index")] = String(gpu);
      cells[header.indexOf("uuid")] = cells[header.indexOf("uuid")].replace(/0$/, String(gpu));
    }
    rows.push(cells);
  }
}
const names = header.map((h) => h.replace(/ \[.*\]$/, ""));
const columnOf = (field) => {
  let name = field;
  if (mode === "old-driver") {
    if (field.startsWith("clocks_event_reasons.")) return -1;
    name = field.replace(/^clocks_throttle_reasons\./, "clocks_event_reasons.");
  }
  return names.indexOf(name);
};
const bad = fields.find((f) => columnOf(f) < 0);
if (bad) {
  console.log(`Field "${bad}" is not a valid field to query.`);
  process.exit(2);
}
const eol = mode === "crlf" ? "\r\n" : "\n";
const out = [];
if (!format.includes("noheader")) out.push(fields.map((f) => header[columnOf(f)]).join(", "));
for (const cells of rows) {
  out.push(
    fields
      .map((f) => cells[columnOf(f)])
      .map((v) =>
        format.includes("nounits") ? v.replace(/^(-?[\d.]+) (MiB|%|W|MHz|us)$/, "$1") : v,
      )
      .join(", "),
  );
}
process.stdout.write(out.map((l) => l + eol).join(""));
