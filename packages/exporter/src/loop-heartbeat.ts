import { type TrainingMemory, trainingMemoryLayout } from "./training-memory.js";

const tickSlot = trainingMemoryLayout.fields.indexOf("loopTickMs");
const { loopDelayMaxMs, loopIntervalMs } = trainingMemoryLayout.sync;
/** Comparable across threads, unlike `performance.now()` alone, and never set back like `Date.now()`. */
const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Starts a heartbeat on this thread's event loop that records, in `memory`, when it last ran
 * and the longest delay it saw: a batch that blocks the loop for 6 s delays it by 6 s. Another
 * thread reads both with `takeLoopDelayMaxSeconds`, so a block still going on shows too.
 */
export function startLoopHeartbeat(memory: TrainingMemory, intervalMs = 25): { stop(): void } {
  const { numbers, present, sync } = memory;
  numbers[tickSlot] = nowMs();
  present[tickSlot] = 1;
  Atomics.store(sync, loopIntervalMs, intervalMs);
  const timer = setInterval(() => {
    const now = nowMs();
    const delay = Math.round(now - (numbers[tickSlot] as number) - intervalMs);
    numbers[tickSlot] = now;
    for (let seen = Atomics.load(sync, loopDelayMaxMs); delay > seen; ) {
      const was = Atomics.compareExchange(sync, loopDelayMaxMs, seen, delay);
      if (was === seen) break;
      seen = was;
    }
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      Atomics.store(sync, loopIntervalMs, 0);
    },
  };
}

/**
 * The longest event-loop delay of the heartbeat's thread since the previous call, in seconds,
 * a delay still going on included, and resets it; undefined while no heartbeat runs.
 */
export function takeLoopDelayMaxSeconds(memory: TrainingMemory): number | undefined {
  const intervalMs = Atomics.load(memory.sync, loopIntervalMs);
  if (intervalMs === 0) return undefined;
  const ongoing = nowMs() - (memory.numbers[tickSlot] as number) - intervalMs;
  const completed = Atomics.exchange(memory.sync, loopDelayMaxMs, 0);
  return Math.max(0, Math.round(ongoing), completed) / 1000;
}
