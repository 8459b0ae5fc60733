import { createServer } from "node:net";
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
});
