import { type InjectedFault, type TrainingState, trainingStates } from "@trainwatch/catalog";
import { type TrainingMemory, trainingMemoryLayout } from "./training-memory.js";

const { fields, sync } = trainingMemoryLayout;
type NumberField = (typeof fields)[number];
const slot = Object.fromEntries(fields.map((f, i) => [f, i])) as Record<NumberField, number>;
const [epochSlot, stepsSlot, examplesSlot, statusSlot] = [
  slot.epoch,
  slot.steps,
  slot.examples,
  slot.status,
];

/** Values that always have one (they start at 0); every other field may be unreported. */
const countedFields = ["epoch", "steps", "examples", "status"] as const;
type OptionalField = Exclude<NumberField, (typeof countedFields)[number]>;
/** Values that may be unreported (no series yet). */
const optionalFields = fields.filter(
  (f): f is OptionalField => !(countedFields as readonly string[]).includes(f),
);

/** A run's labels that are text: why it stopped, `training_info`'s label values, injected faults. */
interface TextLabels {
  stopReason?: string;
  info?: Readonly<Record<string, string>>;
  /** Each fault the run injects, and whether it acts now. */
  faults?: Readonly<Partial<Record<InjectedFault, boolean>>>;
}

/**
 * The latest values of one run, which the training thread writes and a scrape reads, possibly
 * from another thread: numbers live in shared memory, text labels as JSON behind a sequence
 * lock. `undefined` means "not reported yet" (no series); NaN is a reported value.
 */
// The optional fields' accessors are defined below the class, one loop for all.
export interface SharedRunValues extends Record<OptionalField, number | undefined> {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class SharedRunValues {
  readonly #numbers: Float64Array;
  readonly #present: Uint8Array;
  #text: { version: number; labels: TextLabels } = { version: 0, labels: {} };

  constructor(readonly memory: TrainingMemory) {
    this.#numbers = memory.numbers;
    this.#present = memory.present;
  }

  get epoch(): number {
    return this.#numbers[epochSlot] as number;
  }
  set epoch(v: number) {
    this.#numbers[epochSlot] = v;
  }
  get steps(): number {
    return this.#numbers[stepsSlot] as number;
  }
  set steps(v: number) {
    this.#numbers[stepsSlot] = v;
  }
  get examples(): number {
    return this.#numbers[examplesSlot] as number;
  }
  set examples(v: number) {
    this.#numbers[examplesSlot] = v;
  }

  get status(): TrainingState | undefined {
    return this.#present[statusSlot] === 1
      ? trainingStates[this.#numbers[statusSlot] as number]
      : undefined;
  }
  set status(value: TrainingState | undefined) {
    if (value === undefined) this.#present[statusSlot] = 0;
    else {
      this.#numbers[statusSlot] = trainingStates.indexOf(value);
      this.#present[statusSlot] = 1;
    }
  }

  get stopReason(): string | undefined {
    return this.#readText().stopReason;
  }
  set stopReason(value: string | undefined) {
    this.#writeText({ ...this.#readText(), stopReason: value });
  }
  get info(): Readonly<Record<string, string>> | undefined {
    return this.#readText().info;
  }
  set info(value: Readonly<Record<string, string>> | undefined) {
    this.#writeText({ ...this.#readText(), info: value });
  }
  get faults(): TextLabels["faults"] {
    return this.#readText().faults;
  }
  set faults(value: TextLabels["faults"]) {
    this.#writeText({ ...this.#readText(), faults: value });
  }

  /** Writer side of the sequence lock: odd while writing. One writer (the training thread). */
  #writeText(labels: TextLabels): void {
    const bytes = new TextEncoder().encode(JSON.stringify(labels));
    const { text } = this.memory;
    if (bytes.length > text.length) return; // cannot happen with bounded label values; keep the last
    Atomics.add(this.memory.sync, sync.textVersion, 1);
    text.set(bytes);
    Atomics.store(this.memory.sync, sync.textLength, bytes.length);
    const version = Atomics.add(this.memory.sync, sync.textVersion, 1) + 1;
    this.#text = { version, labels };
  }

  /** Reader side: re-reads while a write is under way; decodes only when the text changed. */
  #readText(): TextLabels {
    const { sync: words, text } = this.memory;
    for (;;) {
      const before = Atomics.load(words, sync.textVersion);
      if (before === this.#text.version) return this.#text.labels;
      if (before % 2 === 1) continue;
      const length = Atomics.load(words, sync.textLength);
      const json = new TextDecoder().decode(text.slice(0, length));
      if (Atomics.load(words, sync.textVersion) !== before) continue;
      this.#text = {
        version: before,
        labels: before === 0 ? {} : (JSON.parse(json) as TextLabels),
      };
      return this.#text.labels;
    }
  }
}

// Each accessor closes over its slot: the per-step hot path indexes the arrays directly.
for (const field of optionalFields) {
  const i = slot[field];
  Object.defineProperty(SharedRunValues.prototype, field, {
    get(this: SharedRunValues) {
      return this.memory.present[i] === 1 ? this.memory.numbers[i] : undefined;
    },
    set(this: SharedRunValues, value: number | undefined) {
      if (value === undefined) this.memory.present[i] = 0;
      else {
        this.memory.numbers[i] = value;
        this.memory.present[i] = 1;
      }
    },
  });
}
