import {
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  RowBuilder,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { promAnnotation } from "../annotations.js";
import {
  dualAxisTimeseries,
  heatmap,
  labelTable,
  stackedTimeseries,
  stat,
  timeseries,
} from "../panels.js";
import {
  alertAnnotationExpr,
  checkpointMarkerExpr,
  gpuThrottleMarkerExpr,
  injectedFaultMarkerExpr,
  lossSpikeMarkerExpr,
  queries as q,
  runMarkerExpr,
  stopMarkerExpr,
  xidMarkerExpr,
} from "../queries.js";
import { jobVariable, taskVariable } from "../variables.js";

/** Dashboard uid; `/d/trainwatch-training?var-job=mnist_mlp&var-task=All` filters from a URL. */
export const trainingOverviewUid = "trainwatch-training";

/**
 * The seed's one screen: loss, accuracy and learning rate beside GPU utilization, with the run's
 * facts in a side column; then why a run is slow (where the time goes, FLOP/s and MFU), its
 * progress and whether it still improves. Annotations mark alerts, run starts and stops,
 * checkpoints, stops, GPU XID events, the job's GPUs' thermal slowdowns and injected faults.
 */
export function trainingOverview(): Dashboard {
  return new DashboardBuilder("trainwatch · Training overview")
    .uid(trainingOverviewUid)
    .tags(["trainwatch", "training"])
    .refresh("5s")
    .time({ from: "now-30m", to: "now" })
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(jobVariable())
    .withVariable(taskVariable())
    .annotation(promAnnotation("Alerts", "red", alertAnnotationExpr))
    .annotation(promAnnotation("Run start/stop", "blue", runMarkerExpr))
    .annotation(promAnnotation("Checkpoints", "green", checkpointMarkerExpr))
    .annotation(promAnnotation("Stops", "orange", stopMarkerExpr))
    .annotation(promAnnotation("GPU XID errors", "purple", xidMarkerExpr))
    .annotation(
      promAnnotation("GPU thermal slowdown", "yellow", gpuThrottleMarkerExpr, {
        title: "GPU thermal slowdown",
        text: "GPU {{gpu}}, which {{job}} runs on, is throttled: its clocks are held down",
      }),
    )
    .annotation(
      promAnnotation("Injected faults", "gray", injectedFaultMarkerExpr, {
        title: "Injected fault",
        text: "{{task}}: {{fault}}, injected on purpose (a --fault-* flag), not a real failure",
      }),
    )
    .annotation(
      promAnnotation("Loss spikes", "orange", lossSpikeMarkerExpr, {
        title: "Loss spike",
        text: "{{task}}: the train loss is far above its own recent median (TrainingLossSpike)",
      }),
    )
    .withRow(new RowBuilder("Loss"))
    .withPanel(
      timeseries({
        title: "Train vs validation loss",
        description:
          "Loss per worker: train (last batch), validation (last epoch) and the TensorBoard-smoothed train loss.",
        unit: "none",
        queries: [q.trainLoss, q.validationLoss, q.smoothedLoss],
        grid: { x: 0, y: 1, w: 18, h: 9 },
      }),
    )
    .withPanel(
      labelTable(
        {
          title: "Run",
          description:
            "Each worker's current run from training_info: its id, backend, learning rate and epochs (Run comparison has every fact of every run).",
          unit: "none",
          queries: [q.runFacts],
          grid: { x: 18, y: 1, w: 6, h: 9 },
        },
        { task: "task", run_id: "run", backend: "backend", learning_rate: "lr", epochs: "epochs" },
      ),
    )
    .withRow(new RowBuilder("Accuracy and learning rate"))
    .withPanel(
      dualAxisTimeseries(
        {
          title: "Accuracy and learning rate",
          description:
            "Accuracy per phase (left axis) and the optimizer's learning rate (right axis).",
          unit: "percentunit",
          queries: [q.accuracy, q.learningRate],
          grid: { x: 0, y: 11, w: 18, h: 8 },
        },
        "none",
      ),
    )
    .withPanel(
      stat({
        title: "Epoch progress",
        description: "Epochs done of the epochs planned, per worker.",
        unit: "percentunit",
        queries: [q.epochProgress],
        grid: { x: 18, y: 11, w: 6, h: 4 },
      }),
    )
    .withPanel(
      labelTable(
        {
          title: "Status",
          description: "Each worker's current run's state (running, completed, stopped, failed).",
          unit: "none",
          queries: [q.status],
          grid: { x: 18, y: 15, w: 6, h: 4 },
        },
        { task: "task", state: "state" },
      ),
    )
    .withRow(new RowBuilder("GPUs and throughput").gridPos({ x: 0, y: 19, w: 24, h: 1 }))
    .withPanel(
      heatmap({
        title: "GPU utilization by node and GPU",
        description: "Each GPU's utilization over time, one row per collector instance and GPU.",
        unit: "percentunit",
        queries: [q.gpuUtilizationByGpu],
        grid: { x: 0, y: 20, w: 12, h: 8 },
      }),
    )
    .withPanel(
      dualAxisTimeseries(
        {
          title: "Throughput",
          description:
            "Training examples per second per worker (recording rule job_task:training_examples:rate), beside the average utilization of the GPUs the job runs on (right axis).",
          unit: "none",
          queries: [q.throughput, q.jobGpuUtilization],
          grid: { x: 12, y: 20, w: 6, h: 8 },
        },
        "percentunit",
      ),
    )
    .withPanel(
      labelTable(
        {
          title: "Stop reason",
          description:
            "Why each worker's runs were stopped within the time range: a signal, a control request, or the alert that stopped it.",
          unit: "none",
          queries: [q.stopReason],
          grid: { x: 18, y: 20, w: 6, h: 8 },
        },
        { task: "task", reason: "reason" },
      ),
    )
    .withRow(new RowBuilder("Training thread").gridPos({ x: 0, y: 28, w: 24, h: 1 }))
    .withPanel(
      timeseries({
        title: "Step time and training-thread blocks",
        description:
          "How long steps take (p90) beside the longest time the training thread's event loop was blocked in the last 60 s: when both are seconds long, batches are long and everything else on that thread (timers, callbacks) waits for them. /metrics is served from a thread of its own and keeps answering.",
        unit: "s",
        queries: [q.stepDurationP90, q.threadBlocked],
        grid: { x: 0, y: 29, w: 24, h: 7 },
      }),
    )
    .withRow(new RowBuilder("Where the time goes").gridPos({ x: 0, y: 36, w: 24, h: 1 }))
    .withPanel(
      stackedTimeseries({
        title: "Where the time goes",
        description:
          "Share of wall time per phase, averaged over the selected workers: compute (batches), input (waiting for the next batch), validation, checkpoint. A large input share means the GPU waits for data.",
        unit: "percentunit",
        queries: [q.phaseShares],
        grid: { x: 0, y: 37, w: 10, h: 8 },
      }),
    )
    .withPanel(
      stat({
        title: "Progress and ETA",
        description:
          "Steps done of the steps planned, and the time left at the recent step rate (job_task:training_eta:seconds).",
        unit: "percentunit",
        queries: [q.stepProgress, q.eta],
        grid: { x: 10, y: 37, w: 6, h: 8 },
      }).overrideByQuery("B", [{ id: "unit", value: "s" }]),
    )
    .withPanel(
      dualAxisTimeseries(
        {
          title: "Best validation loss",
          description:
            "The lowest validation loss so far (left axis), and epochs since it was set beside the run's early-stopping patience (right axis): when they meet, TrainingNoImprovement stops the run.",
          unit: "none",
          queries: [q.bestValidationLoss, q.epochsSinceImprovement, q.earlyStopPatience],
          grid: { x: 16, y: 37, w: 8, h: 8 },
        },
        "none",
      ).overrideByQuery("C", [{ id: "custom.axisPlacement", value: "right" }]),
    )
    .withPanel(
      dualAxisTimeseries(
        {
          title: "Achieved FLOP/s and MFU",
          description:
            "Model FLOP/s achieved (left axis) and model FLOPs utilization: that rate over the datasheet FP32 peak of the GPUs the run uses (right axis; needs the GPU-to-job join and a GPU in the peak table).",
          unit: "flops",
          queries: [q.flopsRate, q.modelFlopsUtilization],
          grid: { x: 0, y: 45, w: 24, h: 7 },
        },
        "percentunit",
      ),
    )
    .withRow(new RowBuilder("Goodput").gridPos({ x: 0, y: 52, w: 24, h: 1 }))
    .withPanel(
      timeseries({
        title: "Goodput",
        description:
          "Compute time over wall time, per worker: since the run started (stalls and start-up included) and over the last 5 minutes. The rest is badput.",
        unit: "percentunit",
        queries: [q.goodput, q.goodputRate],
        grid: { x: 0, y: 53, w: 8, h: 8 },
      }),
    )
    .withPanel(
      stackedTimeseries({
        title: "Badput by cause",
        description:
          "Wall time lost since each run started, summed over the selected workers: waiting for input, validation, checkpoints, and stalled (time in no phase: start-up, hangs, a stalled run).",
        unit: "s",
        queries: [q.badputByCause],
        grid: { x: 8, y: 53, w: 8, h: 8 },
      }),
    )
    .withPanel(
      dualAxisTimeseries(
        {
          title: "Weight and update norms",
          description:
            "L2 norm of the weights (left axis) and of their change over the last N steps (right axis; the trainer's --norm-every). An update-norm spike comes before a loss spike.",
          unit: "none",
          queries: [q.weightNorm, q.updateNorm],
          grid: { x: 16, y: 53, w: 8, h: 8 },
        },
        "none",
      ),
    )
    .build();
}
