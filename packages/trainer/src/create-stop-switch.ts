import type { Logger } from "@trainwatch/cli-kit";
import type { TrainingRecorder } from "@trainwatch/exporter";

/** How a run is asked to stop (`POST /control/stop`, Ctrl-C, disposal), once. */
export interface StopSwitch {
  /** Stops after the current batch; later calls change nothing. Answers the control request. */
  stop(reason: string): { state: string };
  /** Settles once a stop was asked for. */
  readonly requested: Promise<void>;
  /** Why the run was asked to stop, or undefined. */
  reason(): string | undefined;
  /** The model being fitted: a stop sets its `stopTraining`. */
  attach(model: { stopTraining: boolean }): void;
}

/** Creates a run's stop switch: the first stop's reason is recorded and ends the fit. */
export function createStopSwitch(recorder: TrainingRecorder, logger: Logger): StopSwitch {
  let stopReason: string | undefined;
  let model: { stopTraining: boolean } | undefined;
  let resolve = () => {};
  const requested = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    stop(reason) {
      if (recorder.status !== undefined && recorder.status !== "running")
        return { state: recorder.status };
      if (stopReason === undefined) {
        stopReason = reason;
        logger.info(`stop requested (${reason}): stopping after the current batch`);
        recorder.setStopReason(reason);
        resolve();
        if (model) model.stopTraining = true;
      }
      return { state: "stopping" };
    },
    requested,
    reason: () => stopReason,
    attach(m) {
      model = m;
    },
  };
}
