/** One trainer worker the stack runs. */
export interface TrainerSpec {
  readonly job: string;
  readonly task: string;
  readonly learningRate: number;
  /** Trainer flags for this worker only (e.g. its --fault-* flags). */
  readonly args?: readonly string[];
}
