import type { TfjsCallback } from "@trainwatch/exporter";
import { SingleBar } from "cli-progress";

export type ProgressMode = "bar" | "lines" | "none";

type Logs = Readonly<Record<string, number | undefined>>;

const fixed = (value: number | undefined, digits: number) =>
  value === undefined ? "-" : value.toFixed(digits);

/** One line per epoch: `epoch 2/5  loss 0.2841  acc 0.918  val_loss 0.3012  val_acc 0.910  4210 examples/s`. */
export function formatEpochLine(
  epoch: number,
  epochs: number,
  logs: Logs | undefined,
  examplesPerSecond: number,
): string {
  return [
    `epoch ${epoch}/${epochs}`,
    `loss ${fixed(logs?.loss, 4)}`,
    `acc ${fixed(logs?.acc ?? logs?.accuracy, 3)}`,
    `val_loss ${fixed(logs?.val_loss, 4)}`,
    `val_acc ${fixed(logs?.val_acc ?? logs?.val_accuracy, 3)}`,
    `${Math.round(examplesPerSecond)} examples/s`,
  ].join("  ");
}

/**
 * Creates a `model.fit` callback that shows progress: a bar per epoch on a TTY (`bar`), plain
 * lines otherwise (`lines`). Both print the epoch's line at its end.
 */
export function createProgressCallback(
  mode: ProgressMode,
  {
    epochs,
    stepsPerEpoch,
    examplesPerEpoch,
    prefix = "",
    stream = process.stderr,
  }: {
    epochs: number;
    stepsPerEpoch: number;
    examplesPerEpoch: number;
    /** Put before each epoch line, e.g. `[trainer mnist_mlp/worker-0] `. */
    prefix?: string;
    stream?: NodeJS.WriteStream;
  },
): TfjsCallback {
  if (mode === "none") return {};
  const bar =
    mode === "bar"
      ? new SingleBar({
          stream,
          format: "epoch {epoch} [{bar}] {value}/{total} steps  loss {loss}",
          hideCursor: true,
        })
      : undefined;
  let started = 0;
  return {
    onEpochBegin(epoch) {
      started = performance.now();
      bar?.start(stepsPerEpoch, 0, { epoch: epoch + 1, loss: "-" });
    },
    onBatchEnd: bar
      ? (batch, logs) => {
          bar.update(batch + 1, { loss: fixed(logs?.loss, 4) });
        }
      : undefined,
    onEpochEnd(epoch, logs) {
      bar?.stop();
      const seconds = (performance.now() - started) / 1000;
      stream.write(
        `${prefix}${formatEpochLine(epoch + 1, epochs, logs, examplesPerEpoch / seconds)}\n`,
      );
    },
  };
}
