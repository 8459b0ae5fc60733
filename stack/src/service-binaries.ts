import type { Logger } from "@trainwatch/cli-kit";
import {
  alertmanagerBinary,
  amtoolBinary,
  type BinaryInfo,
  describeBinary,
  ensureUpstreamBinaries,
  prometheusBinary,
  promtoolBinary,
  pushgatewayBinary,
  thanosBinary,
} from "@trainwatch/native-services";

/** Every upstream binary the stack and its checks run (Thanos: `up --nodes N` only). */
export const serviceBinarySpecs = [
  prometheusBinary,
  promtoolBinary,
  alertmanagerBinary,
  amtoolBinary,
  pushgatewayBinary,
  thanosBinary,
] as const;

/** One of them as this machine would run it now, or why it cannot. */
export type ServiceBinary =
  | ({ readonly tool: string } & BinaryInfo)
  | { readonly tool: string; readonly missing: string };

/** Which binary of each program would run, with its version. */
export async function readServiceBinaries(): Promise<readonly ServiceBinary[]> {
  return Promise.all(
    serviceBinarySpecs.map(async (spec) => {
      try {
        return { tool: spec.tool, ...(await describeBinary(spec)) };
      } catch (error) {
        return { tool: spec.tool, missing: (error as Error).message };
      }
    }),
  );
}

/**
 * Builds the pinned releases that are missing (saying first how long that takes), or says why
 * the system's binaries run instead.
 */
export async function prepareServiceBinaries(logger: Logger): Promise<void> {
  const result = await ensureUpstreamBinaries({ log: (line) => logger.info(line) });
  if ("skipped" in result) logger.info(result.skipped);
}
