import { recorded as r } from "@trainwatch/prometheus-config";
import { runSelector as run } from "./variables.js";

/** A PromQL query with the legend its series get. */
export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** Instant query rendered as a table (one row per series). */
  readonly table?: boolean;
}

const gpu = 'instance=~"$instance"';

/**
 * One series per run: a run's live series (scraped from the trainer) and its final state (scraped
 * from the Pushgateway, `instance=""`) are the same curve, drawn once.
 */
const oneRun = (selector: string) => `max without (instance) (${selector})`;

/**
 * Every query the dashboards run, kept apart from their layout. They use the recording rules
 * where one exists, and the selectors of variables.ts.
 */
export const queries = {
  trainLoss: { expr: oneRun(`training_loss{${run}, phase="train"}`), legend: "{{task}} train" },
  validationLoss: {
    expr: oneRun(`training_loss{${run}, phase="validation"}`),
    legend: "{{task}} validation",
  },
  smoothedLoss: {
    expr: oneRun(`training_loss_smoothed{${run}, phase="train"}`),
    legend: "{{task}} train (smoothed)",
  },
  accuracy: { expr: oneRun(`training_accuracy{${run}}`), legend: "{{task}} {{phase}}" },
  learningRate: {
    expr: oneRun(`training_learning_rate{${run}}`),
    legend: "{{task}} learning rate",
  },
  throughput: { expr: `${r.examplesRate}{${run}}`, legend: "{{task}}" },
  stepDurationP90: { expr: `${r.stepDurationP90}{${run}}`, legend: "{{task}} p90" },
  /**
   * Live only: a pushed final value would hold its last window forever. The max over each step's
   * window, so no block is lost between two points at any zoom (and a run shorter than one step
   * still shows).
   */
  threadBlocked: {
    expr: `max by (job, task) (max_over_time(training_event_loop_delay_max_seconds{${run}, instance!=""}[$__rate_interval]))`,
    legend: "{{task}} longest block (60 s)",
  },
  jobGpuUtilization: { expr: `${r.jobGpuUtilization}{job=~"$job"}`, legend: "{{job}}" },
  gpuUtilizationByGpu: { expr: "gpu_utilization_ratio", legend: "{{instance}} GPU {{gpu}}" },
  epochProgress: {
    expr: `max by (job, task) (training_epoch{${run}}) / max by (job, task) (training_epochs_planned{${run}})`,
    legend: "{{task}}",
  },
  status: {
    expr: `max by (job, task, state) (training_status{${run}}) == 1`,
    legend: "{{task}}: {{state}}",
    table: true,
  },
  runFacts: {
    expr: `max by (job, task, run_id, backend, model, optimizer, batch_size, learning_rate, epochs) (training_info{${run}})`,
    table: true,
  },
  stopReason: {
    expr: `max by (job, task, reason) (training_stop_info{${run}})`,
    legend: "{{task}}: {{reason}}",
    table: true,
  },

  gpuUtilization: { expr: `gpu_utilization_ratio{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuMemoryUsed: { expr: `gpu_memory_used_bytes{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuMemoryTotal: {
    expr: `gpu_memory_total_bytes{${gpu}}`,
    legend: "{{instance}} GPU {{gpu}} total",
  },
  gpuTemperature: { expr: `gpu_temperature_celsius{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuPower: { expr: `gpu_power_draw_watts{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuPowerLimit: {
    expr: `gpu_power_limit_watts{${gpu}}`,
    legend: "{{instance}} GPU {{gpu}} limit",
  },
  gpuSmClock: { expr: `gpu_sm_clock_hertz{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuClockEvents: {
    expr: `gpu_clock_event_active{${gpu}, reason!="gpu_idle"}`,
    legend: "GPU {{gpu}} {{reason}}",
  },
  gpuEnergyRate: {
    expr: `rate(gpu_energy_joules_total{${gpu}}[$__rate_interval])`,
    legend: "{{instance}} GPU {{gpu}}",
  },
  gpuProcessMemory: {
    expr: `gpu_process_memory_used_bytes{${gpu}}`,
    legend: "GPU {{gpu}} pid {{pid}}",
  },
  collectorUp: { expr: `gpu_collector_up{${gpu}}`, legend: "{{instance}} ({{source}}) up" },
  collectorReadDuration: {
    expr: `gpu_collector_read_duration_seconds{${gpu}}`,
    legend: "{{instance}} ({{source}}) read time",
  },

  bestValidationAccuracy: {
    expr: `max by (job, task) (max_over_time(training_accuracy{${run}, phase="validation"}[$__range]))`,
    table: true,
  },
  finalValidationLoss: {
    expr: `max by (job, task) (last_over_time(training_loss{${run}, phase="validation"}[$__range]))`,
    table: true,
  },
  meanThroughput: {
    expr: `max by (job, task) (avg_over_time(${r.examplesRate}{${run}}[$__range]))`,
    table: true,
  },
  wallTime: {
    expr: `max by (job, task) (max_over_time(training_last_step_timestamp_seconds{${run}}[$__range]) - min_over_time(training_last_step_timestamp_seconds{${run}}[$__range]))`,
    table: true,
  },
  jobEnergy: {
    expr: `sum by (job) (max by (gpu, uuid) (increase(gpu_energy_joules_total[$__range])) * on (gpu, uuid) group_right () (${r.gpuAssignment}{job=~"$job"} > bool 0))`,
    table: true,
  },
  joulesPerAccuracyPoint: {
    expr: `${r.jobJoulesPerAccuracyPoint}{job=~"$job"}`,
    legend: "{{job}}",
  },
  runLossOverlay: {
    expr: oneRun(`training_loss{${run}, phase="validation"}`),
    legend: "{{job}}/{{task}}",
  },
} as const satisfies Record<string, Query>;

/**
 * Alert annotations: firing alerts of the selected jobs; not those of severity `none` (the
 * always-firing Watchdog, TrainingRunEnded), which would cover every chart.
 */
export const alertAnnotationExpr = 'ALERTS{alertstate="firing", severity!="none", job=~"$job"}';
/** Run start/stop markers: a change of a run's running state. */
export const runMarkerExpr = `changes(training_status{${run}, state="running"}[1m]) > 0`;
