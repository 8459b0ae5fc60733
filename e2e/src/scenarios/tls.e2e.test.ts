import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { httpsStatus, startNativeStack, waitForQuery } from "@trainwatch/harness";
import { createLocalCa } from "@trainwatch/http-kit";
import { describe, expect, it } from "vitest";
import { runtimeCases } from "../runtime-cases.js";
import { stallingRunArgs } from "../short-run.js";

interface Target {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: string;
  lastError: string;
}

const native = runtimeCases().find((c) => c.runtime === "native");

describe("trainwatch up --tls", () => {
  it.skipIf(native?.skip)(
    "scrapes every trainwatch server over HTTPS, refuses plain HTTP and foreign certificates, and still stops a stalled run",
    async () => {
      await using stack = await startNativeStack({
        alertTiming: "fast",
        faultTask: "worker-1",
        trainerArgs: stallingRunArgs,
        upArgs: ["--tls"],
      });
      const tls = join(stack.dir, "tls");
      const ca = join(tls, "ca.crt");
      const own = { cert: join(tls, "trainwatch.crt"), key: join(tls, "trainwatch.key") };
      const targets = await waitFor(
        async () => {
          const body = (await (await fetch(`${stack.prometheusUrl}/api/v1/targets`)).json()) as {
            data: { activeTargets: Target[] };
          };
          const ours = body.data.activeTargets.filter((t) =>
            /^(trainers|gpu)$/.test(t.labels.job ?? ""),
          );
          return ours.length === 3 && ours.every((t) => t.health === "up") && ours;
        },
        { what: "Prometheus to scrape two trainers and the collector", timeoutMs: 60_000 },
      );
      const summary = targets.map((t) => `${t.labels.job} ${t.scrapeUrl} ${t.health}`);
      console.log(`TLS targets:\n  ${summary.join("\n  ")}`);
      expect(targets.every((t) => t.scrapeUrl.startsWith("https://"))).toBe(true);
      const up = await waitForQuery(
        stack.prometheusUrl,
        'up{job=~"trainers|gpu"} == 1',
        (s) => s.length === 3,
        {
          what: "up = 1 for the three HTTPS targets",
        },
      );
      expect(up).toHaveLength(3);

      const status = await stack.status();
      const servers = [
        // worker-0 trains on; worker-1 may already have been stopped and gone.
        ...status.trainers.filter((t) => t.task === "worker-0").map((t) => t.url),
        status.services.gpuCollector?.url,
        status.services.alertReceiver.url,
      ].filter((u): u is string => u !== undefined);
      expect(servers.every((u) => u.startsWith("https://"))).toBe(true);
      // Another CA's certificate, as a client that does not belong would show.
      const foreign = createLocalCa(join(mkdtempSync(join(tmpdir(), "foreign-")), "tls"), [
        { name: "intruder", sans: ["DNS:intruder"], usage: "client" },
      ]);
      const intruder = { cert: foreign.certFile("intruder"), key: foreign.keyFile("intruder") };
      for (const url of servers) {
        expect(
          await httpsStatus(`${url}/healthz`, ca, own),
          `${url} with the stack's certificate`,
        ).toBe(200);
        await expect(
          httpsStatus(`${url}/healthz`, ca),
          `${url} without a certificate`,
        ).rejects.toThrow();
        await expect(
          httpsStatus(`${url}/healthz`, ca, intruder),
          `${url} with a foreign one`,
        ).rejects.toThrow();
        await expect(
          fetch(`${url.replace("https:", "http:")}/healthz`),
          `${url} over plain HTTP`,
        ).rejects.toThrow();
      }
      console.log(
        `TLS refusals: ${servers.length} servers each answered 200 with the stack's certificate and refused no certificate, a foreign CA's and plain HTTP`,
      );
      // The viewer serves HTTPS to a browser, which shows no certificate.
      const dashboards = status.services.dashboards?.url ?? "";
      expect(dashboards).toMatch(/^https:/);
      expect(await httpsStatus(`${dashboards}/healthz`, ca)).toBe(200);

      // The early stop over HTTPS: Alertmanager → receiver → the trainer's control port.
      const log = await waitFor(
        async () => {
          const text = await stack.trainerLog("worker-1");
          return /stopped \(TrainingStalled\)/.test(text) && text;
        },
        { what: "worker-1 to be stopped by TrainingStalled over HTTPS", timeoutMs: 120_000 },
      );
      console.log(
        `TLS early stop: ${log.split("\n").find((l) => l.includes("stopped (TrainingStalled)"))}`,
      );
      const worker0 = (await stack.trainers()).find((t) => t.task === "worker-0");
      expect(worker0?.running).toBe(true);
    },
    240_000,
  );
});
