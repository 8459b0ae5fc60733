import {
  type Dashboard,
  DashboardBuilder,
  RowBuilder,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { labelTable, mergedTable, table, timeseries } from "../panels.js";
import { queries as q } from "../queries.js";
import { jobVariable, taskVariable } from "../variables.js";

export const runComparisonUid = "trainwatch-run-comparison";

/** Runs side by side: hyperparameters, results, speed, energy, FLOPs and cost per accuracy point. */
export function runComparison(): Dashboard {
  return new DashboardBuilder("trainwatch · Run comparison")
    .uid(runComparisonUid)
    .tags(["trainwatch", "training"])
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .withVariable(jobVariable())
    .withVariable(taskVariable())
    .withRow(new RowBuilder("Runs"))
    .withPanel(
      labelTable(
        {
          title: "Hyperparameters",
          description:
            "One row per run within the time range: its identity and allowlisted hyperparameters (training_info).",
          unit: "none",
          queries: [q.runFactsInRange],
          grid: { x: 0, y: 1, w: 24, h: 7 },
        },
        {
          job: "job",
          task: "task",
          run_id: "run",
          model: "model",
          optimizer: "optimizer",
          backend: "backend",
          learning_rate: "learning rate",
          batch_size: "batch size",
          epochs: "epochs",
        },
      ),
    )
    .withPanel(
      mergedTable(
        {
          title: "Results",
          description:
            "Per run over the time range: best validation accuracy, final validation loss, mean examples/s, wall time, best validation loss and the epoch it was reached, model FLOPs spent per point of validation accuracy, goodput (compute time over wall time).",
          unit: "none",
          queries: [
            q.bestValidationAccuracy,
            q.finalValidationLoss,
            q.meanThroughput,
            q.wallTime,
            q.bestValidationLossInRange,
            q.epochOfBest,
            q.flopsPerAccuracyPoint,
            q.goodputInRange,
          ],
          grid: { x: 0, y: 8, w: 12, h: 8 },
        },
        [
          { header: "Best validation accuracy", unit: "percentunit" },
          { header: "Final validation loss", unit: "none" },
          { header: "Mean examples/s", unit: "none" },
          { header: "Wall time", unit: "s" },
          { header: "Best validation loss", unit: "none" },
          { header: "Epoch of best", unit: "none" },
          { header: "FLOPs per accuracy point", unit: "short" },
          { header: "Goodput", unit: "percentunit" },
        ],
      ),
    )
    .withPanel(
      table({
        title: "Energy",
        description:
          "Energy the job's GPUs used over the time range (the join of training_info and the GPU processes by pid, container or pod).",
        unit: "joule",
        queries: [q.jobEnergy],
        grid: { x: 12, y: 8, w: 4, h: 8 },
      }),
    )
    .withPanel(
      mergedTable(
        {
          title: "Cost and carbon",
          description:
            "Per run over the time range: what its GPUs cost (time since it started × the price per GPU-hour in prometheus/cost.yml, a shared GPU split between its runs), the CO2e of the energy they drew (× the grid's grams per kWh there), and cost per point of validation accuracy.",
          unit: "none",
          queries: [q.costInRange, q.carbonInRange, q.costPerAccuracyPoint],
          grid: { x: 16, y: 8, w: 8, h: 8 },
        },
        [
          { header: "Cost", unit: "currencyUSD" },
          { header: "CO2e", unit: "massg" },
          { header: "Cost per accuracy point", unit: "currencyUSD" },
        ],
      ).noValue(
        "No prices set: fill in prometheus/cost.yml (dollars per GPU-hour by GPU model, the grid's grams CO2e per kWh)",
      ),
    )
    .withRow(new RowBuilder("Curves"))
    .withPanel(
      timeseries({
        title: "Validation loss of the selected runs",
        description: "Validation loss overlaid, one line per job and task.",
        unit: "none",
        queries: [q.runLossOverlay],
        grid: { x: 0, y: 17, w: 16, h: 9 },
      }),
    )
    .withPanel(
      timeseries({
        title: "Joules per accuracy point",
        description:
          "Energy per point of validation accuracy gained (recording rule); lower is cheaper.",
        unit: "joule",
        queries: [q.joulesPerAccuracyPoint],
        grid: { x: 16, y: 17, w: 8, h: 9 },
      }),
    )
    .build();
}
