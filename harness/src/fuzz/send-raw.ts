import { connect } from "node:net";
import type { FuzzRequest } from "./fuzz-requests.js";

/**
 * Writes `request` to a new connection as raw HTTP/1.1 (so malformed input reaches the server
 * unchanged; Content-Length always true) and resolves with the answer's status line, or
 * `no answer: …` when the server closed without one or said nothing within `timeoutMs`.
 */
export function sendRaw(url: string, request: FuzzRequest, timeoutMs = 10_000): Promise<string> {
  const { hostname, port } = new URL(url);
  const bodyBytes = Buffer.from(request.body, "utf8");
  const head = [
    `${request.method} ${request.path.startsWith("/") ? "" : "/"}${request.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    ...request.headers
      .filter(([name]) => !/^(content-length|host)$/i.test(name))
      .map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${bodyBytes.length}`,
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  return new Promise<string>((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    let settled = false;
    const done = (result: string) => {
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(`no answer: nothing within ${timeoutMs} ms`), timeoutMs);
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      const line = answer.indexOf("\r\n");
      if (line >= 0) done(answer.slice(0, line));
    });
    // Closed or reset with no answer read while a body was sent: a server that refuses a bad
    // request line answers and closes, and the reset can lose that answer here. Ask again
    // without the body to see what it answers.
    const ended = (why: string) => {
      if (settled) return;
      const line = answer.split("\r\n")[0];
      if (line) return done(line);
      if (bodyBytes.length === 0) return done(`no answer: ${why}`);
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      void sendRaw(url, { ...request, body: "" }, timeoutMs).then((again) =>
        resolve(`${again} (asked again without the body: the connection ended while it was sent)`),
      );
    };
    socket.on("error", (error) => ended(error.message));
    socket.on("close", () => ended("closed"));
    socket.write(Buffer.concat([Buffer.from(head, "latin1"), bodyBytes]));
  });
}
