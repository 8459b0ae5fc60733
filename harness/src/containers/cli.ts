#!/usr/bin/env node
// Builds (or finds) the containers runtime's image set and prints it: the official images where
// they can be had, else the offline stand-ins built from Debian's packages. The e2e suite does the
// same in its global set-up; this warms the cache, or shows a team which images a run would use.
import { probeDocker } from "./probe-docker.js";
import { resolveImageSet } from "./resolve-image-set.js";

const docker = await probeDocker();
if (!docker.available) {
  console.error(`trainwatch images: ${docker.reason}`);
  process.exit(1);
}
const started = performance.now();
const images = await resolveImageSet({ log: (line) => console.log(line) });
console.log(`image set ready in ${((performance.now() - started) / 1000).toFixed(0)} s:`);
for (const line of images.summary) console.log(`  ${line}`);
