import { type Document, parseDocument } from "yaml";

/** The first Prometheus release whose scrape configs take the native-histogram settings. */
export const nativeHistogramsSince = "3.8";

/** The scrape-config settings of native histograms, which an older Prometheus refuses. */
const nativeHistogramSettings = ["scrape_native_histograms", "always_scrape_classic_histograms"];

/**
 * Drops the native-histogram settings from every scrape config of a parsed prometheus.yml, for a
 * Prometheus before 3.8 (Debian's 2.42 refuses them as unknown fields); it then scrapes the
 * classic form alone, which the rules fall back to. Everything else, comments included, stays.
 */
export function dropNativeHistogramSettings(document: Document): void {
  const jobs = (document.get("scrape_configs") as { items?: unknown[] } | undefined)?.items ?? [];
  jobs.forEach((_, i) => {
    for (const setting of nativeHistogramSettings)
      document.deleteIn(["scrape_configs", i, setting]);
  });
}

/** {@link dropNativeHistogramSettings} on prometheus.yml's text. */
export function withoutNativeHistogramSettings(text: string): string {
  const document = parseDocument(text);
  dropNativeHistogramSettings(document);
  return document.toString();
}
