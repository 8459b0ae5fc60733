import { Wait, type WaitStrategy } from "testcontainers";
import { describeContainer } from "./take-down-failed-project.js";

/**
 * testcontainers' health-check wait, whose error names the container and says why: its last
 * health-check output and log lines, read before testcontainers takes the project down (after
 * which the container that failed is gone and cannot be described).
 */
export function describedHealthCheck(): WaitStrategy {
  const inner = Wait.forHealthCheck();
  const strategy: WaitStrategy = {
    async waitUntilReady(container, boundPorts, startTime) {
      try {
        await inner.waitUntilReady(container, boundPorts, startTime);
      } catch (error) {
        const description = await describeContainer(container.id).catch(() => container.id);
        throw new Error(`${(error as Error).message}: ${description}`, { cause: error });
      }
    },
    withStartupTimeout(startupTimeoutMs) {
      inner.withStartupTimeout(startupTimeoutMs);
      return strategy;
    },
    isStartupTimeoutSet: () => inner.isStartupTimeoutSet(),
    getStartupTimeout: () => inner.getStartupTimeout(),
  };
  return strategy;
}
