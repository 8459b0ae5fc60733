import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";

describe("index", () => {
  it("exports the same public names (a change here is a change of the package's API)", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "authEnvSchema",
        "createAuthMiddleware",
        "createLocalCa",
        "createServiceApp",
        "createWebConfigMiddleware",
        "readWebConfig",
        "startHttpServer",
        "webConfigAuth",
        "writeServerWebConfig",
      ]
    `);
  });
});
