import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalCa, createServiceApp, startHttpServer } from "@trainwatch/http-kit";
import { fetch } from "undici";
import { describe, expect, it } from "vitest";
import { createTrainerAgent } from "./create-trainer-agent.js";

describe("createTrainerAgent", () => {
  it("reaches a trainer dialled by address whose certificate holds only a name, with --trainer-server-name", async () => {
    const ca = createLocalCa(join(mkdtempSync(join(tmpdir(), "trainer-agent-")), "tls"), [
      { name: "trainer", sans: ["DNS:trainwatch-trainer"], usage: "server" },
      { name: "receiver", sans: ["DNS:receiver"], usage: "client" },
    ]);
    await using server = await startHttpServer(createServiceApp(), {
      port: 0,
      tls: {
        cert: readFileSync(ca.certFile("trainer")),
        key: readFileSync(ca.keyFile("trainer")),
      },
    });
    const flags = {
      trainerCaFile: ca.caFile,
      trainerCertFile: ca.certFile("receiver"),
      trainerKeyFile: ca.keyFile("receiver"),
    };
    const named = createTrainerAgent({ ...flags, trainerServerName: "trainwatch-trainer" });
    const unnamed = createTrainerAgent(flags);
    try {
      expect((await fetch(`${server.url}/healthz`, { dispatcher: named })).status).toBe(200);
      await expect(fetch(`${server.url}/healthz`, { dispatcher: unnamed })).rejects.toThrow();
    } finally {
      await named?.close();
      await unnamed?.close();
    }
    expect(createTrainerAgent({})).toBeUndefined();
    expect(() => createTrainerAgent({ trainerCaFile: "/nonexistent/ca.crt" })).toThrow(
      /^--trainer-ca-file \/nonexistent\/ca\.crt: ENOENT/,
    );
  });
});
