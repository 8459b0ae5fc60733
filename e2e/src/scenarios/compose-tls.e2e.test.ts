import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import {
  httpsStatus,
  queryPrometheus,
  receiverDecisions,
  startContainerStack,
  waitForQuery,
} from "@trainwatch/harness";
import { execa } from "execa";
import { describe, expect, inject, it } from "vitest";
import "../containers-context.js";
import { stallingRunArgs } from "../short-run.js";

const containers = inject("containers");

interface Target {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: string;
  lastError: string;
}

describe.skipIf(containers.skip !== undefined)(
  `docker-compose.tls.yml over docker-compose.yml (${containers.skip === undefined ? containers.binaries : "not run"})`,
  () => {
    it("makes the certificates in init, scrapes the trainers and the collector over HTTPS, refuses plain HTTP and clients without a certificate, and stops a stalled run over HTTPS", async () => {
      if (containers.skip !== undefined) throw new Error(containers.skip);
      const started = performance.now();
      await using stack = await startContainerStack({
        images: containers.images,
        compose: containers.compose,
        tls: true,
        alertTiming: "fast",
        faultTask: "worker-1",
        trainerArgs: stallingRunArgs,
      });
      const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
      // Every container's healthcheck passed over HTTPS with the `healthcheck` certificate, or
      // the stack would not have started.
      // Each target scraped over HTTPS at least once: worker-1 stalls after 60 steps and may be
      // stopped (and its container gone) before the others are all up.
      const everUp = await waitForQuery(
        stack.prometheusUrl,
        'max_over_time(up{job=~"trainers|gpu"}[5m]) == 1',
        (series) => series.length === 3,
        { what: "Prometheus to scrape two trainers and the collector", timeoutMs: 60_000 },
      );
      const body = (await (await fetch(`${stack.prometheusUrl}/api/v1/targets`)).json()) as {
        data: { activeTargets: Target[] };
      };
      const targets = body.data.activeTargets.filter((t) =>
        /^(trainers|gpu)$/.test(t.labels.job ?? ""),
      );
      console.log(
        `[compose tls] ${everUp.length} targets up ${seconds()} s after the start:\n  ${targets.map((t) => `${t.labels.job} ${t.scrapeUrl} now ${t.health}${t.lastError ? ` (${t.lastError})` : ""}`).join("\n  ")}`,
      );
      expect(targets.map((t) => t.scrapeUrl.replace(/:\/\/.*/, "")).sort()).toEqual([
        "https",
        "https",
        "https",
      ]);

      // From the host, through trainer-0's published port: the CA and the healthcheck's client
      // certificate copied out of the volume.
      const dir = mkdtempSync(join(tmpdir(), "tw-compose-tls-"));
      const trainer0 = stack.containerId("trainer-0");
      for (const name of ["ca.crt", "healthcheck.crt", "healthcheck.key"])
        await execa("docker", ["cp", `${trainer0}:/run/trainwatch-tls/${name}`, join(dir, name)]);
      const ca = join(dir, "ca.crt");
      const url = (await stack.trainers()).find((t) => t.task === "worker-0")?.url ?? "";
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:/);
      const client = { cert: join(dir, "healthcheck.crt"), key: join(dir, "healthcheck.key") };
      expect(await httpsStatus(`${url}/metrics`, ca, client)).toBe(200);
      await expect(httpsStatus(`${url}/metrics`, ca), "without a certificate").rejects.toThrow();
      await expect(
        fetch(`${url.replace("https:", "http:")}/metrics`),
        "over plain HTTP",
      ).rejects.toThrow();
      // The key each part shows is its own user's alone; the CA's key, no one's but root's.
      const modes = await execa("docker", [
        "exec",
        trainer0,
        "stat",
        "-c",
        "%n %U %a",
        ...["ca.key", "trainer.key", "web-trainer.yml"].map((f) => `/run/trainwatch-tls/${f}`),
      ]);
      console.log(
        `[compose tls] worker-0's /metrics: 200 with a certificate; refused without one and over plain HTTP; ${modes.stdout.split("\n").join("; ")}`,
      );
      expect(modes.stdout.split("\n")).toEqual([
        "/run/trainwatch-tls/ca.key root 600",
        "/run/trainwatch-tls/trainer.key node 600",
        "/run/trainwatch-tls/web-trainer.yml node 600",
      ]);

      // The early stop over HTTPS: Alertmanager → the receiver → worker-1's control port.
      const reason = await waitFor(
        async () =>
          (
            await queryPrometheus(
              stack.prometheusUrl,
              'training_stop_info{job="mnist_mlp", task="worker-1", reason="TrainingStalled"}',
            )
          ).length === 1,
        { what: "worker-1's stop by TrainingStalled", timeoutMs: 150_000, intervalMs: 1000 },
      );
      const decisions = await receiverDecisions(stack, "TrainingStalled mnist_mlp/worker-1");
      console.log(
        `[compose tls] worker-1 stopped by TrainingStalled over HTTPS ${seconds()} s after the start; the receiver's decisions: ${JSON.stringify(decisions)}`,
      );
      expect(reason).toBe(true);
      expect(decisions.filter((d) => d.includes(": stop_requested"))).toHaveLength(1);
    }, 360_000);
  },
);
