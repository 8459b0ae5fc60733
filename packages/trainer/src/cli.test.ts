import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@trainwatch/cli-kit";
import { startPushgateway } from "@trainwatch/native-services";
import { execa } from "execa";
import getPort from "get-port";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const run = (args: string[]) => execa("node", [cli, ...args], { reject: false, all: true });

describe("trainwatch-trainer", () => {
  it("exits 2 on an unknown flag, naming it", async () => {
    const result = await run(["--epohcs", "3"]);
    expect(result.exitCode).toBe(2);
    expect(result.all).toContain("error: unknown option '--epohcs'");
  });

  it("exits 2 on a non-numeric epoch count, naming the value", async () => {
    const result = await run(["--epochs", "three"]);
    expect([result.exitCode, result.all]).toEqual([
      2,
      'trainwatch-trainer: --epochs: expected a number (got "three")',
    ]);
  });

  it("exits 2 when its metrics port is in use", async () => {
    const pushgateway = await startPushgateway({ dir: mkdtempSync(join(tmpdir(), "tw-cli-")) });
    const result = await run(["--metrics-port", String(pushgateway.port)]);
    await pushgateway.stop();
    expect(result.exitCode).toBe(2);
    expect(result.all).toContain(`127.0.0.1:${pushgateway.port} is already in use`);
  });

  it("stops after the current batch on SIGTERM, pushes the final state and exits 0", async () => {
    await using pushgateway = await startPushgateway({
      dir: mkdtempSync(join(tmpdir(), "tw-cli-")),
    });
    const port = await getPort();
    const child = execa(
      "node",
      [
        cli,
        "--epochs",
        "500",
        "--train-size",
        "1000",
        "--validation-size",
        "100",
        "--metrics-port",
        String(port),
        "--pushgateway-url",
        pushgateway.url,
        "--linger",
        "0",
      ],
      { reject: false, all: true },
    );
    await waitFor(
      async () =>
        /^training_steps_total\{[^}]*\} [1-9]/m.test(
          await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
        ),
      {
        what: "the trainer to report steps",
        timeoutMs: 30_000,
      },
    );
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.all).toMatch(
      /stopped \(SIGTERM\) on \w+: \d+ steps, \d+ examples, \d+ examples\/s; final state pushed/,
    );
    const pushed = await (await fetch(`${pushgateway.url}/metrics`)).text();
    expect(pushed).toMatch(
      /^training_status\{instance="",job="mnist_mlp",state="stopped",task="worker-0"\} 1$/m,
    );
  });
});
