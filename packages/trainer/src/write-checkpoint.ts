import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type * as tfType from "@tensorflow/tfjs";

/**
 * Saves `model` into `dir` the way tfjs-node's `file://` handler lays it out (`model.json` and a
 * weights file), through a save handler of its own, so it works on every backend:
 * `tf.loadLayersModel("file://DIR/model.json")` reads it back. The weights go to a file named
 * after the epoch and `model.json` is renamed into place last, so a reader never sees a
 * `model.json` whose weights are missing; older weights files are then removed.
 */
export async function writeCheckpoint(
  tf: typeof tfType,
  model: tfType.LayersModel,
  { dir, epoch }: { readonly dir: string; readonly epoch: number },
): Promise<void> {
  const weightsFile = `weights-epoch-${String(epoch).padStart(5, "0")}.bin`;
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      await writeFile(join(dir, weightsFile), new Uint8Array(weights));
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
        userDefinedMetadata: { epoch },
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
      };
      await writeFile(join(dir, "model.json.tmp"), JSON.stringify(modelJson));
      await rename(join(dir, "model.json.tmp"), join(dir, "model.json"));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: "JSON",
          weightDataBytes: weights.byteLength,
        },
      };
    }),
  );
  for (const file of await readdir(dir)) {
    if (/^weights-epoch-\d+\.bin$/.test(file) && file !== weightsFile) await rm(join(dir, file));
  }
}
