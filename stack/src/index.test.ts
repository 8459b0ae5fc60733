import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";

describe("index", () => {
  it("exports the same public names (a change here is a change of the package's API)", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "clusterPorts",
        "createClusterNetwork",
        "createQueryTrainerLocator",
        "defaultConfigDir",
        "defaultRunDir",
        "parseUpConfig",
        "readClusterState",
        "readStackState",
        "removeClusterNetwork",
        "removeStackState",
        "renderPrometheusConfig",
        "setNodeLink",
        "splitFaultArgs",
        "startClusterStack",
        "startStack",
        "startTrainerProcess",
        "stopClusterStack",
        "stopStack",
        "trainerCli",
        "writeFileSdTargets",
      ]
    `);
  });
});
