import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";

describe("index", () => {
  it("exports the same public names (a change here is a change of the package's API)", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "alertmanagerBinary",
        "amtoolBinary",
        "assertPortFree",
        "binaryOriginWords",
        "buildUpstream",
        "composeEnvFile",
        "defaultCacheRoot",
        "describeBinary",
        "ensureUpstreamBinaries",
        "findBinary",
        "findUpstreamNeeds",
        "hasUpstreamBuild",
        "isAlive",
        "locateBinary",
        "prometheusBinary",
        "promtoolBinary",
        "pushgatewayBinary",
        "readBinaryVersion",
        "readUpstreamPins",
        "repoRoot",
        "startAlertmanager",
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
