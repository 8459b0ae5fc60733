import {
  type BinarySpec,
  type FindBinaryOptions,
  type FoundBinary,
  locateBinary,
} from "./find-binary.js";
import { readBinaryVersion } from "./read-binary-version.js";

/** A binary chosen to run: where it is, where that came from, and the version it reports. */
export interface BinaryInfo extends FoundBinary {
  readonly version: string;
}

/** Locates a binary as {@link locateBinary} does and reads its version. */
export async function describeBinary(
  spec: BinarySpec,
  options: FindBinaryOptions = {},
): Promise<BinaryInfo> {
  const found = locateBinary(spec, options);
  return { ...found, version: await readBinaryVersion(found.path) };
}

/** How a person reads where a binary came from. */
export const binaryOriginWords: Readonly<Record<FoundBinary["origin"], string>> = {
  upstream: "upstream build",
  variable: "from its TRAINWATCH_*_BIN",
  path: "system",
};

/** "3.13.5 (upstream build)": a binary's version and where it came from, as people read it. */
export function versionWithOrigin(binary: Pick<BinaryInfo, "version" | "origin">): string {
  return `${binary.version} (${binaryOriginWords[binary.origin]})`;
}
