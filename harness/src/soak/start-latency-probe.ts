/** A loop that reads a URL once a second; `stop()` ends it and gives the latencies in ms. */
export interface LatencyProbe {
  stop(): Promise<number[]>;
}

/** Reads `url` once a second, each read timed; a failed read (a server gone) is left out. */
export function startLatencyProbe(url: string | undefined): LatencyProbe {
  const latencies: number[] = [];
  let probing = true;
  const loop = (async () => {
    while (probing && url) {
      const started = performance.now();
      try {
        await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
        latencies.push(performance.now() - started);
      } catch {
        // an ended server: the soak reports it among the processes that ended
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return {
    stop: async () => {
      probing = false;
      await loop;
      return latencies;
    },
  };
}
