import type { Document } from "yaml";

/** Scrape jobs to reach over HTTPS: the CA to trust, and the client certificate to show. */
export interface ScrapeTls {
  readonly jobs: readonly string[];
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * Sets `scheme: https` and a `tls_config` (the CA, the client certificate and its key) on each of
 * `tls.jobs` in a parsed prometheus.yml (or an agent's): the targets whose web.yml requires a
 * verified client certificate. Everything else, comments included, stays.
 */
export function scrapeOverTls(document: Document, tls: ScrapeTls): void {
  const jobs = (document.get("scrape_configs") as { items?: unknown[] } | undefined)?.items ?? [];
  jobs.forEach((_, i) => {
    if (!tls.jobs.includes(String(document.getIn(["scrape_configs", i, "job_name"])))) return;
    document.setIn(["scrape_configs", i, "scheme"], "https");
    document.setIn(["scrape_configs", i, "tls_config"], {
      ca_file: tls.caFile,
      cert_file: tls.certFile,
      key_file: tls.keyFile,
    });
  });
}
