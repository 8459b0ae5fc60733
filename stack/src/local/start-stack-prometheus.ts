import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TrainwatchError } from "@trainwatch/cli-kit";
import {
  describeBinary,
  prometheusBinary,
  type ServiceHandle,
  startPrometheus,
  versionAtLeast,
} from "@trainwatch/native-services";
import {
  type AlertTiming,
  alertTimings,
  nativeHistogramsSince,
  otlpReceiverFlag,
  otlpReceiverSince,
} from "@trainwatch/prometheus-config";
import { type RenderOptions, renderPrometheusConfig } from "../run-dir/render-prometheus-config.js";
import { writeRuleFiles } from "../run-dir/write-run-files.js";

export interface StackPrometheusOptions {
  readonly dir: string;
  readonly configDir: string;
  readonly host: string;
  readonly port: number;
  /** Service name → native `host:port`, or null for one the stack does not run. */
  readonly services: Readonly<Record<string, string | null>>;
  readonly targetsDir: string;
  /** `fast`: the rules re-rendered with the fast thresholds, evaluated every second. */
  readonly alertTiming: AlertTiming;
  readonly detached: boolean;
  /** Scrape these jobs over HTTPS with this CA and client certificate. */
  readonly scrapeTls?: RenderOptions["tls"];
  /** Open the OTLP receiver for trainers that push. */
  readonly otlp?: boolean;
}

export { otlpPath } from "@trainwatch/prometheus-config";

/** Renders prometheus.yml (and, for fast timing, the rules) into the run dir and starts Prometheus. */
export async function startStackPrometheus(
  options: StackPrometheusOptions,
): Promise<ServiceHandle> {
  const { dir, configDir, host, port } = options;
  const fast = options.alertTiming === "fast";
  const timing = alertTimings[options.alertTiming];
  const configFile = join(dir, "prometheus.yml");
  // Described once: its version shapes the config, and the same binary runs it.
  const binary = await describeBinary(prometheusBinary);
  const { version, path } = binary;
  if (options.otlp && !versionAtLeast(version, otlpReceiverSince))
    throw new TrainwatchError(
      "usage",
      `--otlp needs Prometheus ${otlpReceiverSince} or later, and ${path} is ${version}: build the pinned release with \`trainwatch binaries --build\`, or leave out --otlp`,
    );
  writeFileSync(
    configFile,
    renderPrometheusConfig(readFileSync(join(configDir, "prometheus.yml"), "utf8"), {
      services: { ...options.services, prometheus: `${host}:${port}` },
      targetsDir: options.targetsDir,
      ruleFiles: [
        fast ? writeRuleFiles(dir, timing.thresholds) : join(configDir, "rules", "*.yml"),
      ],
      ...(fast && { evaluationInterval: timing.thresholds.evaluationInterval }),
      tls: options.scrapeTls,
      nativeHistograms: versionAtLeast(version, nativeHistogramsSince),
      otlp: options.otlp,
    }),
  );
  return startPrometheus({
    configFile,
    dir,
    host,
    port,
    detached: options.detached,
    binary,
    // Firing alerts are re-sent this often: an Alertmanager back from an outage hears of them
    // within seconds, as fast timing promises.
    flags: [
      `--rules.alert.resend-delay=${timing.resendDelay}`,
      ...(options.otlp ? [otlpReceiverFlag] : []),
    ],
  });
}
