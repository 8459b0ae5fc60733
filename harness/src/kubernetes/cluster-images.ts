import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { dockerBuild, imageExists, type Log, tagFor } from "../containers/build-offline-images.js";

/**
 * An image of one static program as its only layer (`FROM scratch`, in /bin as the official images have it), run as `nobody`, for the
 * images a cluster needs that no registry can give here: the pods' sandbox (containerd's
 * `sandbox_image`, deploy/go/pause) and the Prometheus Operator's config reloader.
 */
export async function offlineProgramImage(
  name: string,
  binary: string,
  what: string,
  log: Log,
): Promise<string> {
  const program = basename(binary);
  const dockerfile = `FROM scratch\nCOPY ${program} /bin/${program}\nUSER 65534:65534\nENTRYPOINT ["/bin/${program}"]\n`;
  const tag = tagFor(name, dockerfile, readFileSync(binary).toString("base64"));
  if (await imageExists(tag)) return tag;
  log(`building ${tag}: ${what}`);
  const context = mkdtempSync(join(tmpdir(), "trainwatch-context-"));
  try {
    copyFileSync(binary, join(context, program));
    writeFileSync(join(context, "Dockerfile"), dockerfile);
    await dockerBuild(join(context, "Dockerfile"), {}, tag, context);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return tag;
}
