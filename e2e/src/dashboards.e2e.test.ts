import { dashboards } from "@trainwatch/grafana-dashboards";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legitimatelyEmpty } from "./legitimately-empty.js";
import { grafanaApi, queryGrafana } from "./query-grafana.js";
import { countRangeSeries, waitForFinalStates, waitForQuery } from "./query-prometheus.js";
import { runtimeCases } from "./runtime-cases.js";
import { shortRunArgs } from "./short-run.js";
import type { TrainwatchStack } from "./trainwatch-stack.js";

/** Grafana's substitutions for "All" and its built-in intervals. */
const substitute = (expr: string) =>
  expr
    .replaceAll("$__rate_interval", "1m")
    // the range queries below step 5 s, which Grafana would make $__interval
    .replaceAll("$__interval", "5s")
    .replaceAll("$__range", "5m")
    .replace(/\$(\w+)/g, ".*");

/** Every panel and annotation query of every dashboard, named `<uid> / <title> / <refId>`. */
function dashboardQueries(): { where: string; expr: string }[] {
  return Object.values(dashboards()).flatMap((dashboard) => [
    ...(dashboard.panels ?? []).flatMap((panel) =>
      ((panel as { targets?: { expr: string; refId: string }[] }).targets ?? []).map((t) => ({
        where: `${dashboard.uid} / ${panel.title} / ${t.refId}`,
        expr: substitute(t.expr),
      })),
    ),
    ...(dashboard.annotations?.list ?? []).map((a) => ({
      where: `${dashboard.uid} / annotation ${a.name}`,
      expr: substitute((a as { expr?: string }).expr ?? ""),
    })),
  ]);
}

/** Which queries come back empty, counting series with `count`. */
async function emptyQueries(count: (expr: string) => Promise<number>): Promise<string[]> {
  const empty: string[] = [];
  for (const { where, expr } of dashboardQueries())
    if ((await count(expr)) === 0) empty.push(where);
  return empty.sort();
}

const describeEmpty = (empty: readonly string[]) =>
  empty.map((w) => `${w} (${legitimatelyEmpty[w] ?? "UNEXPECTED"})`).join("; ") || "none";

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
