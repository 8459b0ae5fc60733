import { basename, join } from "node:path";
import {
  dropNativeHistogramSettings,
  enableOtlpReceiver,
  type ScrapeTls,
  scrapeOverTls,
} from "@trainwatch/prometheus-config";
import { parseDocument } from "yaml";

export interface RenderOptions {
  /**
   * Service name (as written in a target, e.g. `pushgateway:9091`) → its native `host:port`,
   * or null for a service this stack does not run: its targets, and jobs left without any, go.
   */
  readonly services: Readonly<Record<string, string | null>>;
  /** Folder the native stack writes `file_sd` target files to. */
  readonly targetsDir: string;
  /** Rule files to load instead of the source's (absolute paths or globs). */
  readonly ruleFiles?: readonly string[];
  /** Overrides global.evaluation_interval (the fast alert timing of the test suite). */
  readonly evaluationInterval?: string;
  /** These jobs are scraped over HTTPS, trusting `caFile` and showing the client certificate. */
  readonly tls?: ScrapeTls;
  /**
   * Whether the Prometheus that runs it scrapes native histograms (3.8 on). When false, the scrape
   * configs' native-histogram settings go, which an older release refuses as unknown fields; it
   * then scrapes the classic form alone. Default: true.
   */
  readonly nativeHistograms?: boolean;
  /** Set up the OTLP receiver for pushing trainers (see `enableOtlpReceiver`). */
  readonly otlp?: boolean;
}

type Node = { toJSON(): unknown };

/** A target's native address: its service's, itself when no service is named, null when dropped. */
function mapTarget(target: string, services: RenderOptions["services"]): string | null {
  const host = target.split(":")[0] ?? "";
  return host in services ? (services[host] ?? null) : target;
}

/**
 * Renders the container-oriented `prometheus.yml` for a native stack on loopback: a static
 * target `name:port` whose `name` is a service the stack runs becomes that service's address,
 * and every `file_sd` file pattern moves into `targetsDir`; targets of services mapped to null
 * are dropped, with jobs left empty; the `tls` jobs are scraped over HTTPS; native-histogram
 * settings go for a Prometheus without them. Comments and everything else stay.
 */
export function renderPrometheusConfig(
  source: string,
  {
    services,
    targetsDir,
    ruleFiles,
    evaluationInterval,
    tls,
    nativeHistograms = true,
    otlp = false,
  }: RenderOptions,
): string {
  const document = parseDocument(source);
  if (document.errors.length > 0)
    throw new Error(`prometheus.yml does not parse: ${document.errors[0]?.message}`);
  const scrapeConfigs =
    (document.get("scrape_configs") as { items?: Node[] } | undefined)?.items ?? [];
  const dropped = new Set<number>();
  if (tls) scrapeOverTls(document, tls);
  if (!nativeHistograms) dropNativeHistogramSettings(document);
  if (otlp) enableOtlpReceiver(document);
  scrapeConfigs.forEach((_, i) => {
    const staticConfigs = document.getIn(["scrape_configs", i, "static_configs"]) as
      | { items?: Node[] }
      | undefined;
    staticConfigs?.items?.forEach((__, j) => {
      const path = ["scrape_configs", i, "static_configs", j, "targets"];
      const targets = (document.getIn(path) as Node | undefined)?.toJSON() as string[] | undefined;
      if (!targets) return;
      const rendered = targets.flatMap((target) => mapTarget(target, services) ?? []);
      document.setIn(path, rendered);
      if (rendered.length === 0 && targets.length > 0) dropped.add(i);
    });
    const fileSd = document.getIn(["scrape_configs", i, "file_sd_configs"]) as
      | { items?: Node[] }
      | undefined;
    fileSd?.items?.forEach((__, j) => {
      const path = ["scrape_configs", i, "file_sd_configs", j, "files"];
      const files = (document.getIn(path) as Node | undefined)?.toJSON() as string[] | undefined;
      if (files)
        document.setIn(
          path,
          files.map((file) => join(targetsDir, basename(file))),
        );
    });
  });
  for (const i of [...dropped].sort((a, b) => b - a)) document.deleteIn(["scrape_configs", i]);
  const alertmanagers =
    (document.getIn(["alerting", "alertmanagers"]) as { items?: Node[] } | undefined)?.items ?? [];
  alertmanagers.forEach((_, i) => {
    const path = ["alerting", "alertmanagers", i, "static_configs", 0, "targets"];
    const targets = (document.getIn(path) as Node | undefined)?.toJSON() as string[] | undefined;
    if (targets)
      document.setIn(
        path,
        targets.flatMap((t) => mapTarget(t, services) ?? []),
      );
  });
  if (ruleFiles) document.set("rule_files", [...ruleFiles]);
  if (evaluationInterval) document.setIn(["global", "evaluation_interval"], evaluationInterval);
  return `# Rendered by trainwatch from prometheus/prometheus.yml for this native stack; do not edit.\n${document.toString()}`;
}
