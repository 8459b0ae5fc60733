#!/usr/bin/env node
// `pnpm --filter @trainwatch/deploy generate:schemas`: converts the pinned Kubernetes OpenAPI and
// Prometheus Operator CRDs (from their Go modules, downloaded through the Go module proxy) into
// deploy/schemas, for exactly the kinds deploy/kubernetes uses.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { goModuleDir } from "../go-tools.js";
import { renderSchemas } from "./render-schemas.js";
import { schemasDir } from "./schema-pins.js";

const files = await renderSchemas((source) => goModuleDir(source));
rmSync(schemasDir, { recursive: true, force: true });
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(schemasDir, path)), { recursive: true });
  writeFileSync(join(schemasDir, path), text);
  console.log(`wrote ${join(schemasDir, path)}`);
}
