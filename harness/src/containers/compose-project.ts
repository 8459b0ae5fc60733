import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { parse } from "yaml";

/** The repository root: docker-compose.yml, .env, the Dockerfile and the mounted configs. */
export const repoRoot: string = fileURLToPath(new URL("../../../", import.meta.url));

/** The parts of a compose service the harness and its checks read. */
export interface ComposeService {
  readonly image?: string;
  readonly command?: string | readonly string[];
  readonly volumes?: readonly string[];
  readonly profiles?: readonly string[];
  readonly ports?: readonly string[];
  readonly networks?: Readonly<Record<string, { aliases?: readonly string[] } | null>>;
  readonly depends_on?: Readonly<Record<string, unknown>>;
}

/** docker-compose.yml as written (variables not yet substituted). */
export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

/** Reads and parses the repository's docker-compose.yml (YAML anchors resolved). */
export function readComposeFile(dir: string = repoRoot): ComposeFile {
  return parse(readFileSync(join(dir, "docker-compose.yml"), "utf8"), {
    merge: true,
  }) as ComposeFile;
}

/** The defaults in the repository's .env: pinned images and the default profile. */
export function readComposeDefaults(dir: string = repoRoot): Readonly<Record<string, string>> {
  return parseEnv(readFileSync(join(dir, ".env"), "utf8")) as Record<string, string>;
}
