import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";
import { catalog } from "./index.js";

describe("catalog", () => {
  it("holds the metric names other parts of trainwatch rely on, with their types and labels", () => {
    const summary = Object.fromEntries(
      [...catalog.values()].map((m) => [m.name, `${m.type}{${m.labelNames.join(",")}}`]),
    );
    expect(summary).toMatchInlineSnapshot(`
      {
        "training_accuracy": "gauge{job,task,phase}",
        "training_epoch": "gauge{job,task}",
        "training_epochs_planned": "gauge{job,task}",
        "training_examples_total": "counter{job,task}",
        "training_info": "gauge{job,task,run_id,backend,model,optimizer,pid,batch_size,learning_rate,epochs,seed}",
        "training_last_step_timestamp_seconds": "gauge{job,task}",
        "training_learning_rate": "gauge{job,task}",
        "training_loss": "gauge{job,task,phase}",
        "training_loss_smoothed": "gauge{job,task,phase}",
        "training_status": "gauge{job,task,state}",
        "training_step_duration_seconds": "histogram{job,task}",
        "training_steps_total": "counter{job,task}",
        "trainwatch_exporter_last_push_success_timestamp_seconds": "gauge{job,task}",
        "trainwatch_exporter_pushes_total": "counter{job,task,outcome}",
      }
    `);
  });

  it("gives every metric a help text ending in a full stop", () => {
    for (const metric of catalog.values()) expect(metric.help, metric.name).toMatch(/\.$/);
  });

  it("exports the same public names", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "catalog",
        "defineMetric",
        "exporterLastPushSuccess",
        "exporterMetrics",
        "exporterPushes",
        "hyperparameterLabels",
        "phases",
        "pushOutcomes",
        "runInfoLabels",
        "runLabels",
        "trainingAccuracy",
        "trainingEpoch",
        "trainingEpochsPlanned",
        "trainingExamples",
        "trainingInfo",
        "trainingLastStepTimestamp",
        "trainingLearningRate",
        "trainingLoss",
        "trainingLossSmoothed",
        "trainingMetrics",
        "trainingStates",
        "trainingStatus",
        "trainingStepDuration",
        "trainingSteps",
      ]
    `);
  });
});
