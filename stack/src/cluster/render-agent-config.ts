import { parseDocument } from "yaml";
import { type RenderOptions, renderPrometheusConfig } from "../run-dir/render-prometheus-config.js";

export interface AgentRenderOptions extends Pick<RenderOptions, "services" | "targetsDir"> {
  /** Where the agent sends every sample: the store's remote-write endpoint. */
  readonly remoteWriteUrl: string;
  /** Labels added to every series it sends, e.g. `{ node: "node-1" }`. */
  readonly externalLabels: Readonly<Record<string, string>>;
}

/**
 * Renders prometheus.yml for a Prometheus in agent mode on one node of a distributed stack: the
 * same scrape jobs (mapped to that node's services as `renderPrometheusConfig` does), no rules
 * and no Alertmanager (the store's ruler has the global view), and every sample remote-written,
 * sent within a second. A store that does not answer is retried from the agent's WAL, so a node
 * cut off for a while catches up once it is back.
 */
export function renderAgentConfig(source: string, options: AgentRenderOptions): string {
  // Classic histograms only: remote write leaves native ones out unless asked to, and the
  // store's receivers would need them enabled.
  const rendered = renderPrometheusConfig(source, {
    services: options.services,
    targetsDir: options.targetsDir,
    nativeHistograms: false,
  });
  const document = parseDocument(rendered);
  document.delete("rule_files");
  document.delete("alerting");
  document.deleteIn(["global", "evaluation_interval"]);
  for (const [name, value] of Object.entries(options.externalLabels))
    document.setIn(["global", "external_labels", name], value);
  document.set("remote_write", [
    {
      url: options.remoteWriteUrl,
      queue_config: { batch_send_deadline: "1s", min_backoff: "100ms", max_backoff: "2s" },
    },
  ]);
  return document.toString().replace("for this native stack", "for one node's agent");
}
