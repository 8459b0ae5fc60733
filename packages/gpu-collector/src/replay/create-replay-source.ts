import { readFileSync } from "node:fs";
import { TrainwatchError } from "@trainwatch/cli-kit";
import type { GpuReading } from "../gpu-reading.js";
import type { GpuSource } from "../gpu-source.js";
import { listLiveProcesses } from "./list-live-processes.js";
import { type ReplayFrame, replayFrameSchema } from "./replay-frame.js";

/**
 * Reads a replay file: JSON Lines, one `{"t": seconds, "gpus": [GpuReading…]}` frame a line,
 * `t` rising; lines starting with `#` are comments.
 *
 * @throws TrainwatchError("usage") naming the file, the line and what is wrong with it.
 */
export function readReplayFile(file: string): ReplayFrame[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new TrainwatchError(
      "usage",
      `replay file ${file} cannot be read: ${(error as Error).message}`,
    );
  }
  const frames: ReplayFrame[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    let parsed: ReturnType<typeof replayFrameSchema.safeParse>;
    try {
      parsed = replayFrameSchema.safeParse(JSON.parse(line));
    } catch (error) {
      throw new TrainwatchError(
        "usage",
        `replay file ${file} line ${i + 1} is not JSON: ${(error as Error).message}`,
      );
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TrainwatchError(
        "usage",
        `replay file ${file} line ${i + 1}: ${issue?.path.join(".")}: ${issue?.message}`,
      );
    }
    if (frames.length > 0 && parsed.data.t <= (frames.at(-1) as ReplayFrame).t) {
      throw new TrainwatchError(
        "usage",
        `replay file ${file} line ${i + 1}: t must rise (got ${parsed.data.t})`,
      );
    }
    frames.push(parsed.data);
  }
  if (frames.length === 0) throw new TrainwatchError("usage", `replay file ${file} has no frames`);
  return frames;
}

export interface ReplayOptions {
  /**
   * Give the recorded GPUs to this machine's live processes whose command matches (the k-th, by
   * pid, on GPU k mod the GPU count, using the memory the recording's process on that GPU used,
   * or the GPU's, and an equal share of its utilization), instead of the recording's processes,
   * whose pids mean nothing here: so the
   * join of GPUs to the trainers running here can be shown without a GPU.
   */
  readonly liveProcesses?: RegExp;
  /** Where this machine's processes are listed (default /proc). */
  readonly proc?: string;
  readonly now?: () => number;
}

/**
 * Creates a source that plays a recorded trace back in real time, looping (the energy counter
 * keeps rising across loops). Every series it yields carries `source="replay"`, so nobody
 * mistakes it for hardware.
 */
export function createReplaySource(file: string, options: ReplayOptions = {}): GpuSource {
  const { now = Date.now, liveProcesses, proc } = options;
  const frames = readReplayFile(file);
  const first = frames[0] as ReplayFrame;
  const last = frames.at(-1) as ReplayFrame;
  const step = frames.length > 1 ? last.t - (frames.at(-2) as ReplayFrame).t : 1;
  const duration = last.t - first.t + step;
  const started = now();
  const energyPerLoop = new Map(
    last.gpus.map((g) => [
      g.uuid,
      (g.energyJoules ?? 0) - (first.gpus.find((f) => f.uuid === g.uuid)?.energyJoules ?? 0),
    ]),
  );
  return {
    name: "replay",
    async read(): Promise<GpuReading[]> {
      const elapsed = (now() - started) / 1000;
      const loops = Math.floor(elapsed / duration);
      const at = first.t + (elapsed % duration);
      const frame = frames.findLast((f) => f.t <= at) ?? first;
      const live = liveProcesses ? listLiveProcesses(liveProcesses, proc) : [];
      const gpus = frame.gpus.length;
      return frame.gpus.map((gpu, index) => {
        const mine = live.filter((_, k) => k % gpus === index);
        return {
          ...gpu,
          ...(liveProcesses && {
            processes: mine.map((pid) => ({
              pid,
              memoryUsedBytes: gpu.processes[0]?.memoryUsedBytes ?? gpu.memoryUsedBytes,
              ...(gpu.utilizationRatio !== undefined && {
                smUtilizationRatio: gpu.utilizationRatio / mine.length,
              }),
            })),
          }),
          energyJoules:
            gpu.energyJoules === undefined
              ? undefined
              : gpu.energyJoules + loops * (energyPerLoop.get(gpu.uuid) ?? 0),
        };
      });
    },
    async close() {},
  };
}
