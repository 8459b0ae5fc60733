import type { Logger } from "@trainwatch/cli-kit";
import type { SourceSpec } from "@trainwatch/gpu-collector";
import type { AlertTiming } from "@trainwatch/prometheus-config";
import type { TrainerSpec } from "../services/trainer-spec.js";

/** What starts a stack on one machine (`trainwatch up`); the cluster stack takes most of it. */
export interface StackOptions {
  /** Run directory: rendered configs, TSDB, logs, secrets, state. */
  readonly dir: string;
  /** The `prometheus/` folder whose files are rendered. */
  readonly configDir: string;
  readonly host: string;
  readonly prometheusPort?: number;
  readonly pushgatewayPort?: number;
  readonly alertmanagerPort?: number;
  /** The dashboard viewer's port (default: a free one). */
  readonly dashboardPort?: number;
  readonly trainers: readonly TrainerSpec[];
  /** GPU source of the standalone collector; `none` runs no collector. */
  readonly gpu: SourceSpec;
  /** The cost configuration the GPU collector exports (`--cost-config`); default `<configDir>/cost.yml`. */
  readonly costConfig?: string;
  readonly alertTiming: AlertTiming;
  /** Flags every trainer gets, e.g. `["--epochs", "3"]`. */
  readonly trainerArgs: readonly string[];
  /**
   * Every trainwatch server serves HTTPS with certificates from a local CA in `<dir>/tls`, and
   * requires verified client certificates (the viewer excepted); Prometheus scrapes over HTTPS.
   */
  readonly tls?: boolean;
  /**
   * Trainers push their metrics with OTLP to Prometheus' OTLP receiver (`--otlp-endpoint`), and
   * Prometheus does not scrape them: the path of a job no Prometheus can reach.
   */
  readonly otlp?: boolean;
  /** Let everything outlive this process (`up --detach`). */
  readonly detached: boolean;
  /** Show the trainers' output on this process's stdout. */
  readonly echo: boolean;
  /** Run the workers as demo workers (`trainwatch demo-worker`): a story of runs, not one run. */
  readonly demo?: boolean;
  readonly logger: Logger;
}
