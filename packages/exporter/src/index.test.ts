import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";

describe("index", () => {
  it("exports the same public names (a change here is a change of the package's API)", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "DebiasedEma",
        "createControlRouter",
        "createMetricsApp",
        "createPushgatewayPusher",
        "createTfjsCallback",
        "createTrainerRegistry",
        "createTrainingRecorder",
        "flushSpool",
        "openMetricsContentType",
        "ownIdentity",
        "parseCgroupFile",
        "parseCgroupPath",
        "parseMountinfo",
        "parseReportMode",
        "podUidVariable",
        "protobufContentType",
        "pushgatewayGroupUrl",
        "readProcessIdentity",
        "registerCatalogMetric",
        "registerDefaultMetrics",
        "renderExposition",
        "renderMetrics",
        "renderProtobuf",
        "renderScrape",
        "selectHyperparameters",
        "spoolFileSchema",
        "startMetricsThread",
        "startOtlpPusher",
        "stopReasonSchema",
        "toOpenMetrics",
        "writeSpoolFile",
      ]
    `);
  });
});
