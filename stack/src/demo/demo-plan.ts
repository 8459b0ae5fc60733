/**
 * What `trainwatch up --demo` (and the compose demo) trains: two workers of one job, each a
 * series of runs, as nightly retraining would start one after another. One worker is steady;
 * the other first over-fits a small training set until `TrainingNoImprovement` stops it, then is
 * made to stall until `TrainingStalled` stops it, and so on. Every fault is injected through the
 * trainer's `--fault-*` flags, which export it as `training_fault_injected`.
 */
export const demoRoles = ["steady", "troubled"] as const;
export type DemoRole = (typeof demoRoles)[number];

/**
 * The role of the demo's worker `task`: `worker-0`, `worker-2`… steady, `worker-1`, `worker-3`…
 * troubled (the demo's second worker is the one things happen to); any other name steady.
 */
export function roleOfTask(task: string): DemoRole {
  const index = /^worker-(\d+)$/.exec(task)?.[1];
  return index !== undefined && Number(index) % 2 === 1 ? "troubled" : "steady";
}

/** One run of a demo worker: its trainer flags and what it shows. */
export interface DemoRun {
  readonly kind: "train" | "overfit" | "stall";
  readonly args: readonly string[];
  /** One line for the log: what this run is for, and what is injected. */
  readonly story: string;
}

/** The runs' shape, in one place; tuned so each event lands within the demo's first minutes. */
export const demoRunShapes = {
  /**
   * Every step is held at least this long (sleeping: `--min-step-seconds`), so that runs of a
   * small model last a minute or so rather than seconds, alike on every machine.
   */
  minStepSeconds: 0.15,
  /** How much slower every batch is while the GPU collector reports a thermal slowdown. */
  throttleSlowFactor: 4,
  /** 2,000 digits, 15 epochs: about 80 s a run, learning to about 92% validation accuracy. */
  train: { trainSize: 2000, epochs: 15 },
  /** 1,000 digits over-fit after about 3 epochs; 2 epochs without a better validation loss stop it. */
  overfit: { trainSize: 1000, batchSize: 32, patience: 2, epochs: 30 },
  /**
   * Stalls after this many steps: about 60 s into the run, the GPU's throttling included, which
   * lands the stall after the replayed trace's thermal episode (65-90 s), not inside it.
   */
  stall: { afterSteps: 300, trainSize: 2000, epochs: 15 },
} as const;

/**
 * The trainer flags of run `index` (0 first) of a worker in `role`; `gpuCollectorUrl`, when a
 * collector runs, makes every batch slower while it reports a thermal slowdown (injected).
 */
export function demoRun(role: DemoRole, index: number, gpuCollectorUrl?: string): DemoRun {
  const { minStepSeconds, throttleSlowFactor, train, overfit, stall } = demoRunShapes;
  const common = [
    ...["--min-step-seconds", String(minStepSeconds)],
    ...(gpuCollectorUrl
      ? [
          ...["--fault-follow-gpu", gpuCollectorUrl],
          ...["--fault-slow-factor", String(throttleSlowFactor)],
        ]
      : []),
  ];
  if (role === "steady")
    return {
      kind: "train",
      args: [...common, "--train-size", String(train.trainSize), "--epochs", String(train.epochs)],
      story: `run ${index + 1}: ${train.epochs} epochs on ${train.trainSize} digits`,
    };
  if (index % 2 === 1)
    return {
      kind: "stall",
      args: [
        ...common,
        ...["--train-size", String(stall.trainSize), "--epochs", String(stall.epochs)],
        ...["--fault-stall-after", String(stall.afterSteps)],
      ],
      story: `run ${index + 1}: stalls after ${stall.afterSteps} steps (injected), until TrainingStalled stops it`,
    };
  return {
    kind: "overfit",
    args: [
      ...common,
      ...["--train-size", String(overfit.trainSize), "--batch-size", String(overfit.batchSize)],
      ...["--epochs", String(overfit.epochs), "--early-stop-patience", String(overfit.patience)],
    ],
    story: `run ${index + 1}: over-fits ${overfit.trainSize} digits until TrainingNoImprovement stops it (patience ${overfit.patience} epochs)`,
  };
}
