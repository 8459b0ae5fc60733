import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";

describe("index", () => {
  it("exports the same public names (a change here is a change of the package's API)", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "alertmanagerBinary",
        "alertmanagerService",
        "amtoolBinary",
        "assertPortFree",
        "binaryOriginWords",
        "buildUpstream",
        "composeEnvFile",
        "createHttpsProbe",
        "defaultCacheRoot",
        "describeBinary",
        "ensureUpstreamBinaries",
        "findBinary",
        "findUpstreamNeeds",
        "hasUpstreamBuild",
        "isAlive",
        "locateBinary",
        "prometheusBinary",
        "prometheusService",
        "promtoolBinary",
        "pushgatewayBinary",
        "pushgatewayService",
        "readBinaryVersion",
        "readUpstreamPins",
        "repoRoot",
        "resolveAddress",
        "startAlertmanager",
        "startManagedService",
        "startPrometheus",
        "startPushgateway",
        "startService",
        "startThanosQuery",
        "startThanosReceive",
        "startThanosRule",
        "stopPid",
        "testedBinaries",
        "thanosBinary",
        "upstreamBinDir",
        "upstreamComponents",
        "upstreamModuleDir",
        "versionAtLeast",
        "versionWithOrigin",
      ]
    `);
  });
});
