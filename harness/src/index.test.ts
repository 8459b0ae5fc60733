import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";

describe("index", () => {
  it("exports the same public names (a change here is a change of the package's API)", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "browserSkipReason",
        "checkLinks",
        "clusterPorts",
        "countRangeSeries",
        "createFreshCheckout",
        "describeServiceVersions",
        "explainStallOnTimeout",
        "grafanaApi",
        "inspectPanels",
        "killProcess",
        "launchBrowser",
        "ownProcessesUnder",
        "panelDrawn",
        "probeDocker",
        "queryGrafana",
        "queryPrometheus",
        "queryRange",
        "readBanner",
        "readComposeDefaults",
        "readComposeFile",
        "relaunch",
        "repoRoot",
        "resolveImageSet",
        "runStartCommand",
        "scrapeValue",
        "setNodeLink",
        "startContainerStack",
        "startDistributedStack",
        "startNativeStack",
        "trainwatch",
        "waitForFinalStates",
        "waitForQuery",
        "waitForRefresh",
      ]
    `);
  });
});
