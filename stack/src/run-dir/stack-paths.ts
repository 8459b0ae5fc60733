import { fileURLToPath } from "node:url";

/** The repository's `prometheus/` folder, whose files every stack renders (never copies). */
export const defaultConfigDir: string = fileURLToPath(
  new URL("../../../prometheus/", import.meta.url),
);

/** The default run directory, beside the repository's top-level files. */
export const defaultRunDir: string = fileURLToPath(
  new URL("../../../.trainwatch/", import.meta.url),
);

/** The `trainwatch` CLI itself, as a path node can execute (for the processes it starts of itself). */
export const stackCli: string = fileURLToPath(new URL("../cli.js", import.meta.url));
