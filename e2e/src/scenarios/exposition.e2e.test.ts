import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { startNativeStack, waitForQuery } from "@trainwatch/harness";
import { promtoolBinary, testedBinaries } from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { floorCase, runtimeCases } from "../runtime-cases.js";

const native = runtimeCases().find((c) => c.runtime === "native");
const floor = floorCase();
// Prometheus' exposition linter, the pinned release's and Debian's (2.42).
const promtools = await testedBinaries(promtoolBinary);
const trainerArgs = ["--epochs", "500", "--train-size", "2000", "--validation-size", "200"];

/** What `promtool check metrics` says of a /metrics body: its exit code and its complaints. */
async function lint(path: string, body: string) {
  const result = await execa(path, ["check", "metrics"], { input: body, reject: false, all: true });
  return { exitCode: result.exitCode, problems: result.all?.trim() ?? "" };
}

describe("what trainwatch's servers expose", () => {
  it.skipIf(native?.skip)(
    "passes promtool check metrics on every /metrics, and the trainers' step histogram is stored native",
    async () => {
      await using stack = await startNativeStack({ trainerArgs });
      const status = await stack.status();
      const receiverToken = readFileSync(join(stack.dir, "secrets", "receiver-token"), "utf8");
      const servers = [
        ...status.trainers.map((t) => ({ name: t.task, url: t.url, headers: {} })),
        { name: "gpu-collector", url: status.services.gpuCollector?.url ?? "", headers: {} },
        {
          name: "alert-receiver",
          url: status.services.alertReceiver.url,
          headers: { authorization: `Bearer ${receiverToken}` },
        },
      ];
      // The viewer serves no /metrics: it is a page and a proxy to Prometheus' query API.
      expect(servers.map((s) => s.name)).toEqual([
        "worker-0",
        "worker-1",
        "gpu-collector",
        "alert-receiver",
      ]);
      const verdicts: string[] = [];
      for (const server of servers) {
        const response = await fetch(`${server.url}/metrics`, { headers: server.headers });
        expect(response.status, server.name).toBe(200);
        const body = await response.text();
        for (const promtool of promtools) {
          const { exitCode, problems } = await lint(promtool.path, body);
          verdicts.push(
            `${server.name} on ${promtool.version}: ${exitCode === 0 ? "clean" : problems}`,
          );
          expect({ server: server.name, promtool: promtool.version, exitCode, problems }).toEqual({
            server: server.name,
            promtool: promtool.version,
            exitCode: 0,
            problems: "",
          });
        }
      }
      console.log(`promtool check metrics: ${verdicts.join("; ")}`);

      // The pinned Prometheus asks the trainers for protobuf and keeps both forms.
      const stored = await waitFor(
        async () => {
          const response = await fetch(
            `${stack.prometheusUrl}/api/v1/query?query=${encodeURIComponent('training_step_duration_seconds{task="worker-0"}')}`,
          );
          const body = (await response.json()) as {
            data: { result: { histogram?: [number, { count: string; buckets?: unknown[] }] }[] };
          };
          const histogram = body.data.result[0]?.histogram?.[1];
          return histogram && Number(histogram.count) > 0 && histogram;
        },
        { what: "a native step histogram for worker-0", timeoutMs: 60_000 },
      );
      const quantiles = await waitForQuery(
        stack.prometheusUrl,
        "job_task:training_step_duration_seconds:p90",
        (s) => s.length === 2,
        { what: "the step-duration p90 of both workers", timeoutMs: 60_000 },
      );
      const classic = await waitForQuery(
        stack.prometheusUrl,
        'training_step_duration_seconds_bucket{task="worker-0",le="+Inf"}',
        (s) => s.length === 1,
        { what: "the classic buckets beside the native histogram" },
      );
      console.log(
        `native step histogram of worker-0: ${stored.count} steps in ${stored.buckets?.length} buckets; classic +Inf bucket ${classic[0]?.value}; p90 ${quantiles.map((q) => `${q.metric.task} ${(q.value * 1000).toFixed(2)} ms`).join(", ")}`,
      );
      expect(quantiles.every((q) => q.value > 0)).toBe(true);
    },
    240_000,
  );

  it.skipIf(floor.skip)(
    "on the oldest supported Prometheus (Debian's 2.42): the classic form alone, and the step quantiles from it",
    async () => {
      const stack = await floor.start({ trainerArgs });
      try {
        const quantiles = await waitForQuery(
          stack.prometheusUrl,
          "job_task:training_step_duration_seconds:p90",
          (s) => s.length === 2,
          { what: "the step-duration p90 of both workers", timeoutMs: 60_000 },
        );
        const nativeSeries = await waitForQuery(
          stack.prometheusUrl,
          "count(training_step_duration_seconds)",
          () => true,
        );
        console.log(
          `${floor.binaries}: p90 ${quantiles.map((q) => `${q.metric.task} ${(q.value * 1000).toFixed(2)} ms`).join(", ")} from the classic buckets; native series: ${nativeSeries.length}`,
        );
        expect(nativeSeries).toEqual([]);
        expect(quantiles.every((q) => q.value > 0)).toBe(true);
      } finally {
        await stack.stop();
      }
      expect(await stack.leftovers()).toEqual([]);
    },
    240_000,
  );
});
