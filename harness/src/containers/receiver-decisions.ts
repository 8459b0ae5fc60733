import { execa } from "execa";
import type { ContainerStack } from "./start-container-stack.js";

/**
 * The alert receiver's decisions on one run, from its container's log: each line about `about`
 * (an alert and a run, e.g. `TrainingStalled mnist_mlp/worker-1`), from the alert's name on,
 * e.g. `TrainingStalled mnist_mlp/worker-1: stop_requested (stopping)`.
 */
export async function receiverDecisions(stack: ContainerStack, about: string): Promise<string[]> {
  const { all } = await execa("docker", ["logs", stack.containerId("alert-receiver")], {
    all: true,
  });
  return (all ?? "")
    .split("\n")
    .filter((line) => line.includes(`${about}:`))
    .map((line) => line.slice(line.indexOf(about)));
}
