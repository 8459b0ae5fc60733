import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { TrainwatchError } from "@trainwatch/cli-kit";

/** A system binary trainwatch runs, with the names it goes by and the Debian package that has it. */
export interface BinarySpec {
  /** Names to look for on PATH, preferred first (Debian's name, then upstream's). */
  readonly names: readonly string[];
  readonly debianPackage: string;
}

export const prometheusBinary: BinarySpec = { names: ["prometheus"], debianPackage: "prometheus" };
export const pushgatewayBinary: BinarySpec = {
  names: ["prometheus-pushgateway", "pushgateway"],
  debianPackage: "prometheus-pushgateway",
};
export const alertmanagerBinary: BinarySpec = {
  names: ["prometheus-alertmanager", "alertmanager"],
  debianPackage: "prometheus-alertmanager",
};
export const promtoolBinary: BinarySpec = { names: ["promtool"], debianPackage: "prometheus" };

/**
 * Finds a binary on PATH.
 *
 * @throws TrainwatchError("missing_binary") naming the package to install.
 */
export function findBinary(spec: BinarySpec, path = process.env.PATH ?? ""): string {
  for (const name of spec.names) {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory; try the next
      }
    }
  }
  throw new TrainwatchError(
    "missing_binary",
    `${spec.names.join(" or ")} not found on PATH: install it with \`sudo apt-get install -y ${spec.debianPackage}\` (or run \`npm test\` / \`npm start\`, which install it)`,
  );
}
