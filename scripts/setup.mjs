#!/usr/bin/env node
// Prepares a fresh clone for `npm start` and `npm test`, a line per step: node dependencies
// through a pinned pnpm, and the Prometheus, Pushgateway and Alertmanager binaries from Debian's
// packages when they are missing (what a first start runs while the pinned releases build, and
// the oldest release the tests check). With --build (`npm start`) it then builds the packages the
// stack runs; with --binaries (`npm test`) every package, and the releases .env pins from their
// Go modules when Go is here (`trainwatch binaries --build`; TRAINWATCH_SYSTEM_BINARIES=1 skips
// that). A step's own output is shown only when it fails. Uses nothing but Node itself.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
// turbo's telemetry notice and update check have no place in a start.
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" };

/** Debian package → the binary names it may install (Debian's first, upstream's second). */
const binaries = {
  prometheus: ["prometheus"],
  "prometheus-pushgateway": ["prometheus-pushgateway", "pushgateway"],
  "prometheus-alertmanager": ["prometheus-alertmanager", "alertmanager"],
};

function onPath(name) {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .some((dir) => dir !== "" && existsSync(join(dir, name)));
}

function fail(message) {
  console.error(`\ntrainwatch setup: ${message}\n`);
  process.exit(1);
}

/**
 * Runs one step with its output captured, saying what it does and how long it took; prints the
 * output only when it fails. Returns the output.
 */
function step(what, command, args) {
  const started = Date.now();
  process.stdout.write(`trainwatch setup: ${what} … `);
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8", maxBuffer: 1 << 26 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    console.log("failed");
    console.error(output.trim());
    return { ok: false, output };
  }
  console.log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  return { ok: true, output };
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer.`);
}

const missing = Object.entries(binaries)
  .filter(([, names]) => !names.some(onPath))
  .map(([pkg]) => pkg);
if (missing.length > 0) {
  const install = `apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  const isRoot = process.getuid?.() === 0;
  const hasSudo = !isRoot && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
  if (!onPath("apt-get") || (!isRoot && !hasSudo)) {
    fail(
      `missing ${missing.join(", ")}. Install them, then run this again:\n  sudo apt-get update && sudo ${install}`,
    );
  }
  const aptGet = [...(isRoot ? [] : ["sudo", "-n"]), "env", "DEBIAN_FRONTEND=noninteractive"];
  const ok =
    step("updating Debian's package lists", aptGet[0], [
      ...aptGet.slice(1),
      "apt-get",
      "update",
      "-qq",
    ]).ok &&
    step(`installing ${missing.join(", ")} from Debian's packages`, aptGet[0], [
      ...aptGet.slice(1),
      "apt-get",
      "install",
      "-y",
      "-qq",
      "--no-install-recommends",
      ...missing,
    ]).ok;
  if (!ok) fail(`could not install ${missing.join(", ")}. Run it yourself:\n  sudo ${install}`);
}

const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
const installed = step(`installing the node dependencies (${pnpmVersion})`, "npx", [
  "--yes",
  pnpmVersion,
  "install",
  ...frozen,
]);
if (!installed.ok)
  fail(`\`npx ${pnpmVersion} install\` failed (see above). Fix that, then run this again.`);
if (!hasNativeTensorflow()) {
  const unreachable = /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.exec(installed.output)?.[0];
  console.log(
    `trainwatch setup: libtensorflow could not be downloaded${unreachable ? ` (${unreachable})` : ""}: the trainer uses TensorFlow.js' wasm backend instead (cpu for convolutional models)`,
  );
}

// The CLI and what it runs; `npm test` builds the rest through turbo's own dependencies.
if (process.argv.includes("--build") || process.argv.includes("--binaries")) {
  const built = step("building the packages the stack runs", "npx", [
    "turbo",
    "run",
    "build",
    "--filter=@trainwatch/stack...",
    "--output-logs=errors-only",
  ]);
  if (!built.ok) fail("the build failed (see above).");
}

if (process.argv.includes("--binaries")) {
  const result = spawnSync("node", ["stack/dist/cli.js", "binaries", "--build"], {
    stdio: "inherit",
    cwd: root,
    env,
  });
  if (result.status !== 0)
    fail("building the pinned Prometheus, Alertmanager and Pushgateway failed (see above).");
}

/** Whether tfjs-node's native addon was built, i.e. libtensorflow could be downloaded. */
function hasNativeTensorflow() {
  const pnpmStore = join(root, "node_modules", ".pnpm");
  if (!existsSync(pnpmStore)) return false;
  return readdirSync(pnpmStore)
    .filter((dir) => dir.startsWith("@tensorflow+tfjs-node@"))
    .some((dir) => {
      const lib = join(pnpmStore, dir, "node_modules", "@tensorflow", "tfjs-node", "lib");
      return (
        existsSync(lib) &&
        readdirSync(lib).some((d) => existsSync(join(lib, d, "tfjs_binding.node")))
      );
    });
}
