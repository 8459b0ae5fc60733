#!/usr/bin/env node
// Regenerates docs/metrics.md from the catalog.
import { writeFileSync } from "node:fs";
import { metricReferenceFile } from "./metric-reference-file.js";
import { renderMetricReference } from "./render-metric-reference.js";

writeFileSync(metricReferenceFile, renderMetricReference());
console.log(`wrote ${metricReferenceFile}`);
