import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerBuild, imageExists, type Log, tagFor } from "../containers/build-offline-images.js";

/**
 * The image of a pod's sandbox (containerd's `sandbox_image`, registry.k8s.io/pause where images
 * can be pulled): deploy/go/pause's program alone, as the only layer.
 */
export async function offlinePauseImage(binary: string, log: Log): Promise<string> {
  const dockerfile = 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n';
  const tag = tagFor("pause", dockerfile, readFileSync(binary).toString("base64"));
  if (await imageExists(tag)) return tag;
  log(`building ${tag}: the pods' sandbox, from deploy/go/pause`);
  const context = mkdtempSync(join(tmpdir(), "trainwatch-context-"));
  try {
    copyFileSync(binary, join(context, "pause"));
    writeFileSync(join(context, "Dockerfile"), dockerfile);
    await dockerBuild(join(context, "Dockerfile"), {}, tag, context);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return tag;
}
