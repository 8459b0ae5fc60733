import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.js";

describe("createLogger", () => {
  it("writes scoped lines and keeps a repeated warning to one line", () => {
    const lines: string[] = [];
    const logger = createLogger("trainer worker-0", (line) => lines.push(line));
    logger.info("started");
    logger.warnOnce("push", "push failed");
    logger.warnOnce("push", "push failed again");
    expect(lines).toEqual([
      "[trainer worker-0] started",
      "[trainer worker-0] warning: push failed (further warnings of this kind are not shown)",
    ]);
  });
});
