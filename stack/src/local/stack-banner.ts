import { versionWithOrigin } from "@trainwatch/native-services";
import { demoRunShapes } from "../demo/demo-plan.js";
import type { StackState } from "../run-dir/stack-state.js";
import { overviewPath } from "../services/overview-path.js";

export interface BannerOptions {
  /** The demo runs: say what it shows and what it injects. */
  readonly demo: boolean;
  /** Which binaries run now and which build in the background, if that is under way. */
  readonly binaries?: string;
}

/** Seconds before the stack's start that the demo's dashboard link opens at. */
const leadSeconds = 10;

/**
 * The lines `trainwatch up` prints once the stack is up: the dashboards first (framed on this
 * stack's start), Explore, what the demo will show, then each service at a URL that answers in
 * a browser; Prometheus as host and port, for tools (built from its Go module it has no web UI:
 * Explore is where a person queries it).
 */
export function formatStackBanner(state: StackState, options: BannerOptions): string {
  const { services } = state;
  const job = state.trainers[0]?.job ?? "All";
  const from = Date.parse(state.startedAt) - leadSeconds * 1000;
  const dashboards = services.dashboards;
  // Debian renames the binary, and its package leaves the web UI out.
  const alertmanagerUi = services.alertmanager.binary?.path.endsWith("/prometheus-alertmanager")
    ? `${services.alertmanager.url}/api/v2/alerts  (Debian's package has no web UI: the alerts as JSON)`
    : `${services.alertmanager.url}/#/alerts`;
  const lines = [
    "",
    `trainwatch is up${options.demo ? ": the demo" : ""} (run directory ${state.dir})`,
    `  Dashboards     ${dashboards ? `${dashboards.url}${overviewPath(job, options.demo ? from : undefined)}` : "off"}`,
    ...(dashboards
      ? [`  Explore        ${dashboards.url}/explore  (type PromQL, completed as you type)`]
      : []),
    ...(options.demo ? demoStory(state) : []),
    "",
    // Host and port only: its HTTP API is for tools, and the Go-built binary has no web UI.
    `  Prometheus     ${new URL(services.prometheus.url).host}  (the HTTP API, for Grafana and other tools; a person queries it in Explore)`,
    `  Alertmanager   ${alertmanagerUi}`,
    `  Pushgateway    ${services.pushgateway.url}`,
    `  Early stop     ${services.alertReceiver.url}/metrics  (the receiver's decisions)`,
    `  GPU collector  ${services.gpuCollector ? `${services.gpuCollector.url}/metrics (source: ${services.gpuCollector.source})` : "off (--gpu none)"}`,
    ...state.trainers.map(
      (t) => `  trainer        ${t.url}/metrics  ${t.job}/${t.task}  lr=${t.learningRate}`,
    ),
    `  Versions       ${describeVersions(state)}; alerts timed for ${state.alertTiming}`,
    ...(options.binaries ? [`  Binaries       ${options.binaries}`] : []),
    `  Logs           ${state.dir}`,
    ...(state.tlsDir
      ? [
          `  TLS            every trainwatch server is HTTPS, signed by ${state.tlsDir}/ca.crt (trust it`,
          "                 in your browser for the dashboards); scrapes and stops need a certificate",
          `                 of that CA, e.g. curl --cacert ${state.tlsDir}/ca.crt --cert ${state.tlsDir}/trainwatch.crt --key ${state.tlsDir}/trainwatch.key`,
        ]
      : []),
    "",
  ];
  if (services.gpuCollector?.source === "replay")
    lines.push(
      "  !!! No GPU was found on this machine. The GPU metrics are a RECORDED TRACE",
      '  !!! (every GPU series carries source="replay"), not this machine\'s hardware.',
      "",
    );
  return lines.join("\n");
}

/** What the demo shows, in the order it happens; what is injected says so. */
function demoStory(state: StackState): string[] {
  const [steady, troubled] = state.trainers;
  const { overfit, stall, throttleSlowFactor } = demoRunShapes;
  return [
    "",
    "  What the demo shows, nobody touching anything (alerts timed in seconds, not minutes):",
    `  - ${steady?.task ?? "worker-0"} and ${troubled?.task ?? "worker-1"} learn MNIST; each starts a new run when one ends (Run comparison fills up)`,
    `  - ${troubled?.task ?? "worker-1"} over-fits ${overfit.trainSize} digits: TrainingNoImprovement stops it (an early stop)`,
    `  - its next run stalls after ${stall.afterSteps} steps (injected): TrainingStalled stops it`,
    "  - the GPU trace overheats and throttles 65-90 s into every 2 minutes; meanwhile the demo",
    `    makes every batch ${throttleSlowFactor}× slower (injected), as a throttled GPU would: watch Throughput`,
    '  Injected faults show as "Injected fault" bands on the charts.',
  ];
}

/** "Prometheus 3.13.5 (upstream build), Alertmanager …": what each service runs. */
function describeVersions(state: StackState): string {
  const { prometheus, pushgateway, alertmanager } = state.services;
  return Object.entries({
    Prometheus: prometheus,
    Alertmanager: alertmanager,
    Pushgateway: pushgateway,
  })
    .map(([title, s]) => `${title} ${s.binary ? versionWithOrigin(s.binary) : "?"}`)
    .join(", ");
}
