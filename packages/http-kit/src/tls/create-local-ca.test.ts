import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLocalCa } from "./create-local-ca.js";

describe("createLocalCa", () => {
  it("issues certificates the CA verifies, for their purpose, with private keys and folder closed", () => {
    const ca = createLocalCa(join(mkdtempSync(join(tmpdir(), "ca-")), "tls"), [
      { name: "prometheus", sans: ["IP:127.0.0.1", "DNS:localhost"], usage: "both" },
      { name: "receiver", sans: ["DNS:receiver"], usage: "client" },
    ]);
    const verify = (name: string, purpose: string) =>
      execFileSync(
        "openssl",
        ["verify", "-purpose", purpose, "-CAfile", ca.caFile, ca.certFile(name)],
        {
          encoding: "utf8",
        },
      ).trim();
    expect(verify("prometheus", "sslserver")).toBe(`${ca.certFile("prometheus")}: OK`);
    expect(verify("prometheus", "sslclient")).toBe(`${ca.certFile("prometheus")}: OK`);
    expect(verify("receiver", "sslclient")).toBe(`${ca.certFile("receiver")}: OK`);
    expect(() => verify("receiver", "sslserver")).toThrow(/unsuitable certificate purpose/);
    const text = execFileSync(
      "openssl",
      ["x509", "-noout", "-ext", "subjectAltName", "-in", ca.certFile("prometheus")],
      {
        encoding: "utf8",
      },
    );
    expect(text).toContain("IP Address:127.0.0.1, DNS:localhost");
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect([mode(ca.dir), mode(join(ca.dir, "ca.key")), mode(ca.keyFile("receiver"))]).toEqual([
      "700",
      "600",
      "600",
    ]);
  });
});
