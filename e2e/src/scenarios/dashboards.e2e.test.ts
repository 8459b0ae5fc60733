import { dashboards } from "@trainwatch/grafana-dashboards";
import {
  countRangeSeries,
  grafanaApi,
  queryGrafana,
  type TrainwatchStack,
  waitForFinalStates,
  waitForQuery,
} from "@trainwatch/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardQueries, describeEmpty, emptyQueries } from "../dashboard-queries.js";
import { legitimatelyEmpty } from "../legitimately-empty.js";
import { runtimeCases } from "../runtime-cases.js";
import { shortRunArgs } from "../short-run.js";

describe.each(runtimeCases())(
  "the dashboards against a live stack on the $runtime runtime (replayed GPU trace; $binaries)",
  ({ runtime, skip, grafanaSkip, start }) => {
    let stack: TrainwatchStack | undefined;
    beforeAll(async () => {
      if (skip) return;
      stack = await start({
        trainerArgs: shortRunArgs,
      });
      await waitForFinalStates(stack.prometheusUrl, 2);
      // The run markers read the trainers' own series, whose final scrape can come up to a
      // second after the Pushgateway's copy of the final state (a race CI lost twice).
      await waitForQuery(
        stack.prometheusUrl,
        'last_over_time(training_status{state="running", instance!=""}[1m]) == 0',
        (s) => s.length === 2,
        { what: "both trainers' own final scrape" },
      );
      await waitForQuery(
        stack.prometheusUrl,
        "job_task:training_examples:rate",
        (s) => s.length > 0,
        {
          what: "the recording rules",
        },
      );
    }, 300_000);
    afterAll(async () => {
      await stack?.stop();
    }, 60_000);

    it.skipIf(skip)(
      "answer every panel query from Prometheus with at least one series, but for the panels listed as possibly empty",
      async () => {
        const live = stack as TrainwatchStack;
        const empty = await emptyQueries((expr) => countRangeSeries(live.prometheusUrl, expr));
        console.log(
          `[${runtime}] checked ${dashboardQueries().length} panel and annotation queries; empty: ${describeEmpty(empty)}`,
        );
        expect(empty.filter((w) => !(w in legitimatelyEmpty))).toEqual([]);
        expect(empty).toContain("trainwatch-training / Stop reason / A"); // the check sees emptiness
      },
    );

    it("are provisioned in Grafana, its datasource healthy, every panel answered through Grafana's query API", async (context) => {
      if (grafanaSkip) {
        console.log(`[${runtime}] Grafana checks skipped: ${grafanaSkip}`);
        context.skip(grafanaSkip);
      }
      const { url, admin } = (stack as TrainwatchStack).grafana ?? { url: "", admin: undefined };
      const found = await grafanaApi<{ uid: string }[]>(url, "/api/search?type=dash-db"); // as the anonymous viewer
      expect(found.map((d) => d.uid).sort()).toEqual(
        Object.values(dashboards())
          .map((d) => d.uid)
          .sort(),
      );
      const health = await grafanaApi<{ status: string; message: string }>(
        url,
        "/api/datasources/uid/trainwatch-prometheus/health",
        admin,
      );
      expect(health.status, health.message).toBe("OK");
      const empty = await emptyQueries((expr) => queryGrafana(url, expr, { auth: admin }));
      console.log(`[${runtime}] through Grafana, empty: ${describeEmpty(empty)}`);
      expect(empty.filter((w) => !(w in legitimatelyEmpty))).toEqual([]);
    });
  },
);
