import { type BinaryInfo, binaryOriginWords, describeBinary } from "./describe-binary.js";
import type { BinarySpec } from "./find-binary.js";
import { upstreamComponents } from "./upstream-components.js";

/** A binary a suite runs its checks on, named for the test titles. */
export interface TestedBinary extends BinaryInfo {
  /** E.g. "promtool 3.13.5 (upstream build)" or "promtool 2.42.0+ds (system, the oldest supported)". */
  readonly label: string;
}

/**
 * The binaries a suite checks both ends on: the one trainwatch runs (the pinned upstream build
 * when there is one) and, when it is another binary, the system's (Debian's: the oldest release
 * trainwatch supports). Each is described once; a missing system binary is left out.
 */
export async function testedBinaries(spec: BinarySpec): Promise<readonly TestedBinary[]> {
  const chosen = await describeBinary(spec);
  const system = await describeBinary(spec, {
    env: {
      ...process.env,
      TRAINWATCH_SYSTEM_BINARIES: "1",
      [upstreamComponents[spec.component].binVariable]: "",
    },
  }).catch(() => undefined); // no system binary: only the chosen one is tested
  const label = (b: BinaryInfo, note = "") =>
    `${spec.tool} ${b.version} (${binaryOriginWords[b.origin]}${note})`;
  return [
    { ...chosen, label: label(chosen) },
    ...(system && system.path !== chosen.path
      ? [{ ...system, label: label(system, ", the oldest supported") }]
      : []),
  ];
}
