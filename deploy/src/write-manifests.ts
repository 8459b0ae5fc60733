#!/usr/bin/env node
// `pnpm --filter @trainwatch/deploy generate`: writes deploy/kubernetes from deploy/src.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { kubernetesDir } from "./kubernetes-dir.js";
import { renderManifests } from "./render-manifests.js";

for (const [file, text] of Object.entries(renderManifests())) {
  const path = join(kubernetesDir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
