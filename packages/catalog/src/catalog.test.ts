import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";
import { catalog, dcgmMetrics } from "./index.js";

describe("catalog", () => {
  it("holds the metric names other parts of trainwatch rely on, with their types and labels", () => {
    const summary = Object.fromEntries(
      [...catalog.values()].map((m) => [m.name, `${m.type}{${m.labelNames.join(",")}}`]),
    );
    expect(summary).toMatchInlineSnapshot(`
      {
        "gpu_clock_event_active": "gauge{gpu,uuid,source,reason}",
        "gpu_collector_last_success_timestamp_seconds": "gauge{source}",
        "gpu_collector_read_duration_seconds": "gauge{source}",
        "gpu_collector_read_errors_total": "counter{source}",
        "gpu_collector_up": "gauge{source}",
        "gpu_ecc_errors_uncorrected_total": "counter{gpu,uuid,source}",
        "gpu_energy_joules_total": "counter{gpu,uuid,source}",
        "gpu_info": "gauge{gpu,uuid,source,name,driver_version,pci_bus_id}",
        "gpu_memory_clock_hertz": "gauge{gpu,uuid,source}",
        "gpu_memory_total_bytes": "gauge{gpu,uuid,source}",
        "gpu_memory_used_bytes": "gauge{gpu,uuid,source}",
        "gpu_memory_utilization_ratio": "gauge{gpu,uuid,source}",
        "gpu_power_draw_watts": "gauge{gpu,uuid,source}",
        "gpu_power_limit_watts": "gauge{gpu,uuid,source}",
        "gpu_process_memory_used_bytes": "gauge{gpu,uuid,source,pid}",
        "gpu_sm_clock_hertz": "gauge{gpu,uuid,source}",
        "gpu_temperature_celsius": "gauge{gpu,uuid,source}",
        "gpu_utilization_ratio": "gauge{gpu,uuid,source}",
        "training_accuracy": "gauge{job,task,phase}",
        "training_epoch": "gauge{job,task}",
        "training_epochs_planned": "gauge{job,task}",
        "training_event_loop_delay_max_seconds": "gauge{job,task}",
        "training_examples_total": "counter{job,task}",
        "training_info": "gauge{job,task,run_id,backend,model,optimizer,pid,batch_size,learning_rate,epochs,seed}",
        "training_last_step_timestamp_seconds": "gauge{job,task}",
        "training_learning_rate": "gauge{job,task}",
        "training_loss": "gauge{job,task,phase}",
        "training_loss_smoothed": "gauge{job,task,phase}",
        "training_status": "gauge{job,task,state}",
        "training_step_duration_seconds": "histogram{job,task}",
        "training_steps_total": "counter{job,task}",
        "training_stop_info": "gauge{job,task,reason}",
        "trainwatch_exporter_last_push_success_timestamp_seconds": "gauge{job,task}",
        "trainwatch_exporter_pushes_total": "counter{job,task,outcome}",
        "trainwatch_receiver_decisions_total": "counter{alertname,outcome}",
        "trainwatch_receiver_notifications_total": "counter{result}",
      }
    `);
  });

  it("gives every metric a help text ending in a full stop", () => {
    for (const metric of catalog.values()) expect(metric.help, metric.name).toMatch(/\.$/);
  });

  it("maps every DCGM-compatible name onto a GPU metric of the catalog", () => {
    for (const dcgm of dcgmMetrics) expect(catalog.get(dcgm.of)?.name, dcgm.name).toBe(dcgm.of);
  });

  it("exports the same public names", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "boundedLabelValue",
        "catalog",
        "clockEventReasons",
        "dcgmLabels",
        "dcgmMetrics",
        "defineMetric",
        "exporterLastPushSuccess",
        "exporterMetrics",
        "exporterPushes",
        "gpuClockEventActive",
        "gpuCollectorLastSuccess",
        "gpuCollectorMetrics",
        "gpuCollectorReadDuration",
        "gpuCollectorReadErrors",
        "gpuCollectorUp",
        "gpuEccErrorsUncorrected",
        "gpuEnergy",
        "gpuInfo",
        "gpuLabels",
        "gpuMemoryClock",
        "gpuMemoryTotal",
        "gpuMemoryUsed",
        "gpuMemoryUtilization",
        "gpuMetrics",
        "gpuPowerDraw",
        "gpuPowerLimit",
        "gpuProcessMemoryUsed",
        "gpuSmClock",
        "gpuSources",
        "gpuTemperature",
        "gpuUtilization",
        "hyperparameterLabels",
        "phases",
        "pushOutcomes",
        "receiverDecisions",
        "receiverMetrics",
        "receiverNotifications",
        "receiverOutcomes",
        "runInfoLabels",
        "runLabels",
        "trainingAccuracy",
        "trainingEpoch",
        "trainingEpochsPlanned",
        "trainingEventLoopDelayMax",
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
        "trainingStopInfo",
      ]
    `);
  });
});
