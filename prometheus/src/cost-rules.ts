import { promql, type RecordingRule, type RuleGroup } from "./alerting-rule.js";
import { recorded as r } from "./selectors.js";

/**
 * Each run's GPUs (the pid/container/pod join), by run id, so a worker's next run is a new
 * series; where two runs of a worker still answer (one lingering after its end), the later one.
 */
const gpusOfRuns = promql`
  (${r.gpuAssignment} > bool 0)
  * on (job, task) group_left (run_id)
  group by (job, task, run_id) (
    topk by (job, task) (1,
      max by (job, task, run_id) (
        training_info{instance!=""}
        * on (job, task, instance) group_left ()
        training_start_timestamp_seconds{instance!=""}
      )
    )
  )`;

/** How many runs share each GPU: a shared GPU's price and energy are split between them. */
const sharers = `count by (gpu, uuid) (${r.gpuAssignment})`;

/**
 * Cost and carbon per run, from the prices and grid intensity the GPU collector exports from
 * its cost configuration (prometheus/cost.yml; empty: no series). Cost is the time since the run
 * started on its GPUs at their price; carbon the energy its GPUs drew since it started (their energy
 * counter then is latched per run) times the grid's intensity. Recorded while the run holds its
 * GPUs: the comparison takes the last value within its range.
 */
export function costRecordingRules(): RuleGroup {
  const rules: RecordingRule[] = [
    {
      // A latch: its own last value while the run holds the GPU, else the counter now.
      record: r.runGpuEnergyAtStart,
      expr: promql`
        last_over_time(${r.runGpuEnergyAtStart}[1m])
        and on (job, task, run_id, gpu, uuid) (${gpusOfRuns})
        or max by (gpu, uuid) (gpu_energy_joules_total)
        * on (gpu, uuid) group_right ()
        (${gpusOfRuns})`,
    },
    {
      record: r.runEnergy,
      expr: promql`
        sum by (job, task) (
          (
            max by (gpu, uuid) (gpu_energy_joules_total)
            - on (gpu, uuid) group_right ()
            ${r.runGpuEnergyAtStart}
          )
          / on (gpu, uuid) group_left ()
          ${sharers}
        )`,
    },
    {
      record: r.runCarbon,
      expr: promql`
        ${r.runEnergy}
        * on () group_left ()
        max (grid_carbon_intensity_grams_per_joule)`,
    },
    {
      record: r.runCost,
      // Time since the start computed here: job_task:training_wall_seconds:total is recorded in
      // another rule group, evaluated apart, and would lag by an evaluation.
      expr: promql`
        (time() - max by (job, task) (training_start_timestamp_seconds{instance!=""}))
        * on (job, task)
        sum by (job, task) (
          (max by (gpu, uuid) (gpu_price_dollars_per_second) / on (gpu, uuid) ${sharers})
          * on (gpu, uuid) group_right ()
          (${r.gpuAssignment} > bool 0)
        )`,
    },
  ];
  return { name: "trainwatch.gpu.cost", rules };
}
