import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startPushgateway } from "./start-pushgateway.js";
import { isAlive } from "./stop-pid.js";

describe("startPushgateway", () => {
  it("starts the real Pushgateway on a free loopback port and stops it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-pgw-"));
    const pushgateway = await startPushgateway({ dir });
    expect(pushgateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = (await (await fetch(`${pushgateway.url}/api/v1/status`)).json()) as {
      status: string;
    };
    expect(status.status).toBe("success");
    await pushgateway.stop();
    expect(isAlive(pushgateway.pid)).toBe(false);
  });

  it("refuses a port in use, naming it and the flag to change", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-pgw-"));
    await using first = await startPushgateway({ dir });
    await expect(startPushgateway({ dir, port: first.port })).rejects.toThrow(
      `127.0.0.1:${first.port} is already in use: choose another port with --pushgateway-port`,
    );
  });
});
