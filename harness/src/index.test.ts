import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";

describe("index", () => {
  it("exports the same public names (a change here is a change of the package's API)", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "applyOperatorCrds",
        "applyTrainwatch",
        "browserSkipReason",
        "checkLinks",
        "clusterFootprint",
        "clusterNetwork",
        "clusterPorts",
        "countRangeSeries",
        "createFreshCheckout",
        "describeServiceVersions",
        "explainStallOnTimeout",
        "fastTimingPatches",
        "fitSlope",
        "fuzzHttpServer",
        "fuzzRequests",
        "grafanaApi",
        "inspectPanels",
        "installMonitoringStack",
        "killProcess",
        "launchBrowser",
        "localClusterSkipReason",
        "ownProcessesUnder",
        "panelDrawn",
        "probeDocker",
        "queryGrafana",
        "queryPrometheus",
        "queryRange",
        "readBanner",
        "readComposeDefaults",
        "readComposeFile",
        "readEnviron",
        "relaunch",
        "repoRoot",
        "resolveImageSet",
        "runSoak",
        "runStartCommand",
        "scrapeValue",
        "sendRaw",
        "setNodeLink",
        "startContainerStack",
        "startDistributedStack",
        "startLocalCluster",
        "startNativeStack",
        "trainwatch",
        "waitForFinalStates",
        "waitForQuery",
        "waitForRefresh",
      ]
    `);
  });
});
