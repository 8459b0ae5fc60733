#!/usr/bin/env node
// Prepares a fresh clone for `npm start` and `npm test`: node dependencies through a pinned
// pnpm, and the Prometheus, Pushgateway and Alertmanager binaries from Debian's packages when
// they are missing (the fallback, and the oldest release the tests check). With --binaries
// (`npm test`), it then builds the releases .env pins from their Go modules when Go is here
// (`trainwatch binaries --build`; TRAINWATCH_SYSTEM_BINARIES=1 skips that). Uses nothing but
// Node itself until the install.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;

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

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root });
  return result.status === 0;
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer.`);
}

const missing = Object.entries(binaries)
  .filter(([, names]) => !names.some(onPath))
  .map(([pkg]) => pkg);
if (missing.length > 0) {
  const install = `apt-get install -y ${missing.join(" ")}`;
  const isRoot = process.getuid?.() === 0;
  const hasSudo = !isRoot && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
  const hasApt = onPath("apt-get");
  if (!hasApt || (!isRoot && !hasSudo)) {
    fail(
      `missing ${missing.join(", ")}. Install them, then run this again:\n  sudo apt-get update && sudo ${install}`,
    );
  }
  const aptGet = [
    ...(isRoot ? [] : ["sudo", "-n"]),
    "env",
    "DEBIAN_FRONTEND=noninteractive",
    "apt-get",
  ];
  console.log(`trainwatch setup: installing ${missing.join(", ")} from Debian's packages`);
  const ok =
    run(aptGet[0], [...aptGet.slice(1), "update", "-q"]) &&
    run(aptGet[0], [...aptGet.slice(1), "install", "-y", "-q", ...missing]);
  if (!ok) fail(`could not install ${missing.join(", ")}. Run it yourself:\n  sudo ${install}`);
}

const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
try {
  execFileSync("npx", ["--yes", pnpmVersion, "install", ...frozen], {
    stdio: "inherit",
    cwd: root,
  });
} catch {
  fail(`\`npx ${pnpmVersion} install\` failed (see above). Fix that, then run this again.`);
}

if (process.argv.includes("--binaries")) {
  try {
    execFileSync(
      "npx",
      ["turbo", "run", "build", "--filter=@trainwatch/stack...", "--output-logs=errors-only"],
      { stdio: "inherit", cwd: root },
    );
    execFileSync("node", ["stack/dist/cli.js", "binaries", "--build"], {
      stdio: "inherit",
      cwd: root,
    });
  } catch {
    fail("building the pinned Prometheus, Alertmanager and Pushgateway failed (see above).");
  }
}
