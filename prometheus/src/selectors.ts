/**
 * PromQL selectors the rules share, written once. Scrape-job names come from prometheus.yml
 * (`trainers`, `gpu`); training metrics carry the training job in `job` (honor_labels).
 */
export const selectors = {
  trainLoss: 'training_loss{phase="train"}',
  trainLossSmoothed: 'training_loss_smoothed{phase="train"}',
  validationAccuracy: 'training_accuracy{phase="validation"}',
  /** Runs that say they are training now. */
  running: 'training_status{state="running"} == 1',
  /** Runs training now, as their own trainers say (never a copy an earlier run pushed). */
  liveRunning: 'training_status{state="running",instance!=""} == 1',
  trainerScrape: 'up{job="trainers"}',
  gpuCollectorScrape: 'up{job="gpu"}',
  thermalSlowdown: 'gpu_clock_event_active{reason=~"hw_thermal_slowdown|sw_thermal_slowdown"}',
  powerBrake: 'gpu_clock_event_active{reason="hw_power_brake_slowdown"}',
} as const;

/** Recording-rule names (level:metric:operation), so alerts and dashboards name them once. */
export const recorded = {
  examplesRate: "job_task:training_examples:rate",
  stepsRate: "job_task:training_steps:rate",
  stepDurationP50: "job_task:training_step_duration_seconds:p50",
  stepDurationP90: "job_task:training_step_duration_seconds:p90",
  stepDurationP99: "job_task:training_step_duration_seconds:p99",
  gpuAssignment: "job_task_gpu:training_gpu:assigned",
  flopsRate: "job_task:training_flops:rate",
  eta: "job_task:training_eta:seconds",
  phaseRatio: "job_task:training_phase:ratio",
  modelFlopsUtilization: "job_task:training_model_flops_utilization:ratio",
  gpuPeakFlops: "gpu:gpu_peak_flops_fp32:datasheet",
  runWallSeconds: "job_task:training_wall_seconds:total",
  goodputRate: "job_task:training_goodput:ratio_rate5m",
  goodput: "job_task:training_goodput:ratio",
  badputSeconds: "job_task:training_badput_seconds:total",
  nodeNewestSample: "node:up:last_sample_timestamp",
  runGpuEnergyAtStart: "job_task_gpu:training_gpu_energy_joules:at_start",
  runEnergy: "job_task:training_energy_joules:total",
  runCarbon: "job_task:training_carbon_grams:total",
  runCost: "job_task:training_cost_dollars:total",
  runGpuUtilization: "job_task_gpu:training_gpu_utilization:ratio",
  jobGpuUtilization: "job:gpu_utilization:avg",
  instanceGpuUtilization: "instance:gpu_utilization:avg",
  jobGpuPower: "job:gpu_energy_joules:rate",
  jobEnergyPerEpoch: "job:training_energy_joules_per_epoch:ratio",
  jobJoulesPerAccuracyPoint: "job:training_energy_joules_per_accuracy_point:ratio",
  jobGpuSecondsPerAccuracyPoint: "job:training_gpu_seconds_per_accuracy_point:ratio",
} as const;

/** Matching on one run of one job: a worker's series, whatever instance served them. */
export const onRun = "on (job, task)";

/**
 * Matching a worker's series on its own instance's state: the trainer's live series on the
 * trainer's, the Pushgateway's copy (instance="") on the Pushgateway's. A new run of the same
 * worker is then never judged by the final state an earlier run pushed.
 */
export const onSeries = "on (job, task, instance)";

/**
 * GPUs with an XID event within `window`, by code. A code's series appears with its first event,
 * which `increase()` cannot see: a series younger than the window counts as new events too.
 * One definition for GpuXidError and the dashboards' XID annotations.
 */
export const xidEventsWithin = (window: string): string =>
  `increase(gpu_xid_errors_total[${window}]) > 0 or (gpu_xid_errors_total > 0 unless gpu_xid_errors_total offset ${window})`;
