import { connect, createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { createServiceApp } from "./create-service-app.js";
import { startHttpServer } from "./start-http-server.js";

describe("startHttpServer", () => {
  it("refuses a port in use with a message naming the address", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(startHttpServer(createServiceApp(), { port })).rejects.toThrow(
        `127.0.0.1:${port} is already in use: choose another port, or 0 for a free one`,
      );
    } finally {
      blocker.close();
    }
  });

  it("closes with `await using`: the port is free again", async () => {
    let port = 0;
    {
      await using server = await startHttpServer(createServiceApp(), { port: 0 });
      port = server.port;
      expect(server.url).toBe(`http://127.0.0.1:${port}`);
    }
    await using again = await startHttpServer(createServiceApp(), { port });
    expect(again.port).toBe(port);
  });

  it("closes a client that trickles its headers once the headers timeout passes, and keeps serving", async () => {
    await using server = await startHttpServer(createServiceApp(), {
      port: 0,
      timeouts: { headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 50 },
    });
    const socket = connect(server.port, "127.0.0.1");
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    const started = Date.now();
    const trickle = setInterval(() => socket.write("X-Slow: 1\r\n"), 50);
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    await new Promise((resolve) => socket.once("close", resolve));
    clearInterval(trickle);
    // Closed by the server, long before a client that kept trickling would have finished.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
