#!/usr/bin/env node
import { runMain } from "@trainwatch/cli-kit";
import { Command } from "commander";
import { registerAlertReceiverCommand } from "./commands/alert-receiver.js";
import { registerBinariesCommand } from "./commands/binaries.js";
import { registerCertsCommand } from "./commands/certs.js";
import { registerDashboardsCommand } from "./commands/dashboards.js";
import { registerDemoWorkerCommand } from "./commands/demo-worker.js";
import { registerDownCommand } from "./commands/down.js";
import { registerFlushCommand } from "./commands/flush.js";
import { registerStatusCommand } from "./commands/status.js";
import { registerUpCommand } from "./commands/up.js";

const program = new Command("trainwatch")
  .description(
    "Run trainwatch natively: Prometheus, the Pushgateway and instrumented tfjs trainers",
  )
  .exitOverride()
  .showHelpAfterError("(run `trainwatch <command> --help` for its options)");
registerUpCommand(program);
registerStatusCommand(program);
registerDownCommand(program);
registerFlushCommand(program);
registerAlertReceiverCommand(program);
registerDashboardsCommand(program);
registerBinariesCommand(program);
registerCertsCommand(program);
registerDemoWorkerCommand(program);

await runMain("trainwatch", async () => {
  await program.parseAsync();
  return undefined;
});
