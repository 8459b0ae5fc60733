#!/usr/bin/env node
// Regenerates traces/h100-demo.jsonl from the captures in ../shared/fixtures/nvidia-smi.
import { writeFileSync } from "node:fs";
import { buildDemoTrace, formatReplayFile } from "./build-demo-trace.js";
import { defaultFixturesDir, demoTraceFile } from "./demo-trace-paths.js";

const fixtures = process.argv[2] ?? defaultFixturesDir;
writeFileSync(demoTraceFile, formatReplayFile(buildDemoTrace(fixtures)));
console.log(`wrote ${demoTraceFile} from ${fixtures}`);
