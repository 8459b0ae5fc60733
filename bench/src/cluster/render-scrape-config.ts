import { stringify } from "yaml";

/** How long a scrape may take before it counts as failed (`up` = 0). */
export const scrapeTimeoutSeconds = 4;

export interface ScrapeConfigOptions {
  /** Seconds between scrapes. */
  readonly interval: number;
  /** The file_sd file listing the simulated trainers. */
  readonly targetsFile: string;
  /** An agent's own address (it scrapes itself, job `prometheus`), and its `agent` label. */
  readonly agent?: { readonly name: string; readonly address: string };
  /** The store's components this agent scrapes too (job `store`). */
  readonly store?: readonly string[];
  /** Where an agent remote-writes (Thanos receive's `/api/v1/receive`). */
  readonly remoteWriteUrl?: string;
}

/** A benchmark Prometheus's (or agent's) configuration: the trainers, itself, the store. */
export function renderScrapeConfig(options: ScrapeConfigOptions): string {
  const { interval, agent } = options;
  const job = (name: string, targets: readonly string[]) => ({
    job_name: name,
    static_configs: [{ targets }],
  });
  return stringify({
    global: {
      scrape_interval: `${interval}s`,
      scrape_timeout: `${scrapeTimeoutSeconds}s`,
      ...(agent && { external_labels: { agent: agent.name } }),
    },
    scrape_configs: [
      {
        job_name: "scale",
        honor_labels: true,
        file_sd_configs: [{ files: [options.targetsFile], refresh_interval: "5s" }],
      },
      ...(agent ? [job("prometheus", [agent.address])] : []),
      ...(options.store ? [job("store", options.store)] : []),
    ],
    ...(options.remoteWriteUrl && {
      remote_write: [{ url: options.remoteWriteUrl, queue_config: { batch_send_deadline: "1s" } }],
    }),
  });
}
