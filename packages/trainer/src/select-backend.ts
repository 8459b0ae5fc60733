import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as tfType from "@tensorflow/tfjs";

export const backendNames = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;
/** tfjs backends, fastest first: libtensorflow with CUDA, libtensorflow, WebAssembly, plain JS. */
export type BackendName = (typeof backendNames)[number];

export interface SelectedBackend {
  readonly tf: typeof tfType;
  readonly name: BackendName;
  /** Why each faster backend was passed over, for the start-up line. */
  readonly skipped: readonly string[];
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split("\n")[0];

const require = createRequire(import.meta.url);

/**
 * Imports tfjs-node or tfjs-node-gpu, but only when its native addon was built: importing one
 * whose libtensorflow download failed at install registers half its kernels before failing.
 */
async function importNative(specifier: string): Promise<void> {
  let lib: string;
  try {
    lib = join(dirname(require.resolve(`${specifier}/package.json`)), "lib");
  } catch {
    throw new Error(`${specifier} is not installed`);
  }
  const built =
    existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, "tfjs_binding.node")));
  if (!built) {
    throw new Error(
      `${specifier} has no native addon (libtensorflow could not be downloaded at install)`,
    );
  }
  await import(specifier);
}

/** Loads one backend into `tf`; throws when it cannot run here. */
const loaders: Record<BackendName, (tf: typeof tfType) => Promise<void>> = {
  // The native packages register the "tensorflow" backend on import when libtensorflow loads.
  "tensorflow-gpu": async (tf) => {
    await importNative("@tensorflow/tfjs-node-gpu");
    if (!(await tf.setBackend("tensorflow"))) throw new Error("backend did not initialise");
  },
  tensorflow: async (tf) => {
    await importNative("@tensorflow/tfjs-node");
    if (!(await tf.setBackend("tensorflow"))) throw new Error("backend did not initialise");
  },
  wasm: async (tf) => {
    await import("@tensorflow/tfjs-backend-wasm");
    if (!(await tf.setBackend("wasm"))) throw new Error("backend did not initialise");
  },
  cpu: async (tf) => {
    if (!(await tf.setBackend("cpu"))) throw new Error("backend did not initialise");
  },
};

/**
 * Picks the fastest tfjs backend that loads: tfjs-node-gpu, tfjs-node, wasm, then cpu; or only
 * `preferred` when one is forced. `needsConvGradients` skips wasm, which lacks
 * Conv2DBackpropFilter.
 *
 * @throws Error when a forced backend cannot load, with the reason.
 */
export async function selectBackend(
  preferred: BackendName | "auto",
  { needsConvGradients = false } = {},
): Promise<SelectedBackend> {
  const tf = await import("@tensorflow/tfjs");
  const candidates = preferred === "auto" ? backendNames : [preferred];
  const skipped: string[] = [];
  for (const name of candidates) {
    if (name === "wasm" && needsConvGradients && preferred === "auto") {
      skipped.push("wasm: lacks convolution gradients (Conv2DBackpropFilter)");
      continue;
    }
    try {
      await (loaders[name] as (tf: typeof tfType) => Promise<void>)(tf);
      await tf.ready();
      return { tf, name, skipped };
    } catch (error) {
      if (preferred !== "auto")
        throw new Error(`backend ${name} cannot run here: ${firstLine(error)}`, { cause: error });
      skipped.push(`${name}: ${firstLine(error)}`);
    }
  }
  throw new Error(`no tfjs backend could be loaded: ${skipped.join("; ")}`);
}
