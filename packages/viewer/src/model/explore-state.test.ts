import { describe, expect, it } from "vitest";
import {
  formatExploreState,
  panelExploreHref,
  parseExploreState,
  refIdOf,
} from "./explore-state.js";

describe("parseExploreState", () => {
  it("reads every expr in order with the range, and one empty query over the last hour by default", () => {
    expect(parseExploreState("?expr=up&expr=rate(x%5B1m%5D)&from=1700000000000&to=now")).toEqual({
      exprs: ["up", "rate(x[1m])"],
      from: "1700000000000",
      to: "now",
    });
    expect(parseExploreState("")).toEqual({ exprs: [""], from: "now-1h", to: "now" });
  });

  it("round-trips through formatExploreState", () => {
    const state = { exprs: ['sum by (job) (up{job=~"a|b"})', "x"], from: "now-5m", to: "now" };
    expect(parseExploreState(`?${formatExploreState(state)}`)).toEqual(state);
  });
});

describe("refIdOf", () => {
  it("names queries A, B, C as Grafana does", () => {
    expect([0, 1, 2].map(refIdOf)).toEqual(["A", "B", "C"]);
  });
});

describe("panelExploreHref", () => {
  it("carries the panel's visible queries, variables filled in, over the dashboard's range", () => {
    const href = panelExploreHref(
      {
        targets: [
          { refId: "A", expr: 'rate(x{job=~"$job"}[$__rate_interval])' },
          { refId: "B", expr: "hidden", hide: true },
          { refId: "C", expr: "y" },
        ],
      },
      [{ name: "job", selected: ["mnist_mlp"], options: ["mnist_mlp"] }],
      { from: "now-30m", to: "now" },
    );
    expect(parseExploreState((href ?? "").replace("/explore", ""))).toEqual({
      exprs: ['rate(x{job=~"mnist_mlp"}[$__rate_interval])', "y"],
      from: "now-30m",
      to: "now",
    });
    expect(panelExploreHref({ targets: [] }, [], { from: "now-1h", to: "now" })).toBeUndefined();
  });
});
