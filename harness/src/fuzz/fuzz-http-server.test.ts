import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { fuzzHttpServer } from "./fuzz-http-server.js";

describe("fuzzHttpServer", () => {
  it("finds a handler that fails on a dot-segment, shrunk to a small input, and passes a sound one", async () => {
    // Answers 500 when the raw path holds "..": the bug a path-joining handler has.
    let broken = true;
    const server = createServer((req, res) => {
      res.statusCode = broken && (req.url ?? "").includes("..") ? 500 : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const found = await fuzzHttpServer(
        { name: "broken", url, paths: ["/files"] },
        { runs: 200, seed: 1 },
      );
      expect(found.failure?.answer).toMatch(/^HTTP\/1\.1 500 /);
      expect(found.failure?.request.path).toContain("..");
      expect(found.failure?.request.headers).toEqual([]);
      broken = false;
      const sound = await fuzzHttpServer(
        { name: "sound", url, paths: ["/files"] },
        { runs: 100, seed: 1 },
      );
      expect(sound.failure).toBeUndefined();
      expect(sound.inputs).toBe(100);
    } finally {
      server.close();
    }
  });
});
