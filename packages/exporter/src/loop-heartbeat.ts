import { type TrainingMemory, trainingMemoryLayout } from "./training-memory.js";

const window = trainingMemoryLayout.loopWindowSeconds;
const [lastBeat, period, ring] = [0, 1, 2];
/** Comparable across threads, unlike `performance.now()` alone. */
const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Starts a heartbeat on this thread's event loop that records in `memory` when it last ran and,
 * per second, the longest delay it saw: a batch that blocks the loop for 6 s delays it by 6 s.
 * Another thread reads them with `loopDelayMaxSeconds`, without waiting for this one.
 */
export function startLoopHeartbeat(memory: TrainingMemory, intervalMs = 25): { stop(): void } {
  const { loop } = memory;
  loop[lastBeat] = nowMs();
  loop[period] = intervalMs;
  const timer = setInterval(() => {
    const now = nowMs();
    const delay = Math.max(0, now - (loop[lastBeat] as number) - intervalMs);
    loop[lastBeat] = now;
    const second = Math.floor(now / 1000);
    const slot = ring + 2 * (second % window);
    if (loop[slot] !== second) {
      loop[slot + 1] = delay;
      loop[slot] = second;
    } else if (delay > (loop[slot + 1] as number)) loop[slot + 1] = delay;
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      loop[period] = 0;
    },
  };
}

/**
 * The longest event-loop delay of the heartbeat's thread over the last `loopWindowSeconds`
 * (60 s, so scrapes up to a minute apart miss no block), a block still going on included, in
 * seconds; undefined while no heartbeat runs. Reading changes nothing, so any number of
 * scrapers see the same value.
 */
export function loopDelayMaxSeconds(memory: TrainingMemory): number | undefined {
  const { loop } = memory;
  const intervalMs = loop[period] as number;
  if (intervalMs === 0) return undefined;
  const now = nowMs();
  let max = Math.max(0, now - (loop[lastBeat] as number) - intervalMs);
  const oldest = Math.floor(now / 1000) - window;
  for (let slot = ring; slot < loop.length; slot += 2) {
    if ((loop[slot] as number) > oldest) max = Math.max(max, loop[slot + 1] as number);
  }
  return Math.round(max) / 1000;
}
