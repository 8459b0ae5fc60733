import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startAlertmanager } from "./start-alertmanager.js";

describe("startAlertmanager", () => {
  it("starts the real Alertmanager on a free loopback port with clustering off", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-am-"));
    const configFile = join(dir, "alertmanager.yml");
    writeFileSync(configFile, "route:\n  receiver: discard\nreceivers:\n  - name: discard\n");
    await using alertmanager = await startAlertmanager({ configFile, dir });
    const status = (await (await fetch(`${alertmanager.url}/api/v2/status`)).json()) as {
      cluster: { status: string };
    };
    expect(status.cluster.status).toBe("disabled");
  });
});
