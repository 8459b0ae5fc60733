import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promtoolBinary, testedBinaries, versionAtLeast } from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AlertingRule, RecordingRule } from "../src/alerting-rule.js";
import { alertReferenceFile, fastRulesDir, rulesDir } from "../src/generated-paths.js";
import { knownSeriesNames, seriesNamesIn } from "../src/promql-series-names.js";
import { renderAlertReference } from "../src/render-alert-reference.js";
import { renderRuleFiles, ruleGroups } from "../src/render-rule-files.js";
import { defaultThresholds, fastThresholds } from "../src/thresholds.js";

const testsDir = fileURLToPath(new URL(".", import.meta.url));
const runCommand = "promtool test rules tests/*.test.yml";
const runbooksDir = fileURLToPath(new URL("../../docs/runbooks/", import.meta.url));
// The pinned release and the system's (Debian's 2.42, the oldest supported) both check the rules.
const promtools = await testedBinaries(promtoolBinary);
const rules = Object.values(ruleGroups(defaultThresholds)).flatMap((groups) =>
  groups.flatMap((g) => g.rules),
);
const alerts = rules.filter((r): r is AlertingRule => "alert" in r);
const recordings = rules.filter((r): r is RecordingRule => "record" in r);
const unitTests = readdirSync(testsDir)
  .filter((f) => f.endsWith(".test.yml"))
  .map((f) => readFileSync(join(testsDir, f), "utf8"));

describe("prometheus/rules", () => {
  it("are what prometheus/src generates from the default thresholds (regenerate with `generate`)", () => {
    for (const [file, text] of Object.entries(renderRuleFiles(defaultThresholds))) {
      expect(readFileSync(join(rulesDir, file), "utf8"), file).toBe(text);
    }
  });

  it("have their fast-timed copy for the compose demo in rules-fast (regenerate with `generate`)", () => {
    for (const [file, text] of Object.entries(renderRuleFiles(fastThresholds))) {
      expect(readFileSync(join(fastRulesDir, file), "utf8"), `rules-fast/${file}`).toBe(text);
    }
  });

  it("are listed in docs/alerts.md as prometheus/src renders it (regenerate with `generate`)", () => {
    expect(readFileSync(alertReferenceFile, "utf8")).toBe(renderAlertReference(defaultThresholds));
    const page = renderAlertReference(defaultThresholds);
    for (const alert of alerts) expect(page, alert.alert).toContain(`[\`${alert.alert}\`]`);
    for (const rule of recordings) expect(page, rule.record).toContain(`| \`${rule.record}\` |`);
  });

  describe.each(promtools)("on $label", ({ path }) => {
    const promtool = (args: string[]) => execa(path, args, { reject: false, all: true });

    it("pass promtool check rules, the fast-timed copy too", async () => {
      const result = await promtool([
        "check",
        "rules",
        ...[rulesDir, fastRulesDir].flatMap((dir) => readdirSync(dir).map((f) => join(dir, f))),
      ]);
      expect([result.exitCode, result.all]).toEqual([0, expect.stringContaining("SUCCESS")]);
      expect(result.all).not.toContain("FAILED");
    });

    it("pass their promtool unit tests, run as their first line says", async () => {
      // Exactly what a team that copies prometheus/ runs: no renderer, no tolerance added.
      const files = readdirSync(testsDir).filter((f) => f.endsWith(".test.yml"));
      for (const file of files) {
        expect(readFileSync(join(testsDir, file), "utf8"), file).toContain(
          `Run from prometheus/: ${runCommand}`,
        );
      }
      const result = await execa(path, ["test", "rules", ...files.map((f) => `tests/${f}`)], {
        cwd: join(testsDir, ".."),
        reject: false,
        all: true,
      });
      expect(result.all).not.toContain("FAILED");
      expect(result.exitCode).toBe(0);
      // About a second alone; several times that while npm test runs every package at once.
    }, 60_000);
  });

  const nativeDir = join(testsDir, "native-histograms");
  const nativeCommand = "promtool test rules tests/native-histograms/*.test.yml";
  it.each(promtools.filter((p) => versionAtLeast(p.version, "3.8")))(
    "pass their native-histogram unit tests on $label, run as their first lines say",
    async ({ path }) => {
      const files = readdirSync(nativeDir).filter((f) => f.endsWith(".test.yml"));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files)
        expect(readFileSync(join(nativeDir, file), "utf8"), file).toContain(nativeCommand);
      const result = await execa(
        path,
        ["test", "rules", ...files.map((f) => `tests/native-histograms/${f}`)],
        { cwd: join(testsDir, ".."), reject: false, all: true },
      );
      expect(result.all).not.toContain("FAILED");
      expect(result.exitCode).toBe(0);
    },
    60_000,
  );

  it("have only expressions Prometheus' own PromQL parser accepts, naming catalog metrics or recorded series", () => {
    for (const rule of rules) {
      const where = "alert" in rule ? rule.alert : rule.record;
      const { errors, names } = seriesNamesIn(rule.expr);
      expect(errors, `${where}: ${rule.expr}`).toBe(0);
      // Only the dead man's switch selects nothing: it always fires.
      if (where !== "Watchdog") expect(names.length, `${where}: ${rule.expr}`).toBeGreaterThan(0);
      for (const name of names) expect(knownSeriesNames.has(name), `${where}: ${name}`).toBe(true);
    }
  });

  it("give every alert a severity, summary, description and a runbook page that exists", () => {
    for (const alert of alerts) {
      expect(alert.labels.severity, alert.alert).toMatch(/^(critical|warning|none)$/);
      expect(alert.annotations.summary.length, alert.alert).toBeGreaterThan(10);
      expect(alert.annotations.description.length, alert.alert).toBeGreaterThan(10);
      expect(alert.annotations.runbook_url).toBe(
        `${defaultThresholds.runbookBaseUrl}/${alert.alert}.md`,
      );
      expect(
        existsSync(join(runbooksDir, `${alert.alert}.md`)),
        `docs/runbooks/${alert.alert}.md`,
      ).toBe(true);
    }
  });

  it("have a promtool case where each alert fires with its labels, and one where it stays quiet", () => {
    for (const name of new Set(alerts.map((a) => a.alert))) {
      const cases = unitTests.flatMap((text) =>
        (
          parse(text) as {
            tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
          }
        ).tests.flatMap((t) => t.alert_rule_test ?? []),
      );
      const mine = cases.filter((c) => c.alertname === name);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${name} fires somewhere`,
      ).toBe(true);
      // Quiet cases: an empty expectation, or series in the same test that the expectation leaves out.
      expect(
        name === "Watchdog" ||
          mine.some((c) => c.exp_alerts.length === 0) ||
          unitTests.some((t) => t.includes(`alertname: ${name}`)),
        name,
      ).toBe(true);
    }
  });

  it("check the value of every recording rule in a promtool case", () => {
    for (const rule of recordings) {
      expect(
        unitTests.some(
          (text) =>
            text.includes(`expr: ${rule.record}\n`) ||
            text.includes(`expr: round(${rule.record})\n`) ||
            text.includes(`expr: round(${rule.record}, `),
        ),
        rule.record,
      ).toBe(true);
    }
  });

  it("let TrainingLossDiverging fire only on a run that steps: its step window is shorter than its `for`", () => {
    const seconds = (d: string) =>
      Number.parseInt(d, 10) * ({ s: 1, m: 60, h: 3600 }[d.slice(-1)] ?? NaN);
    for (const t of [defaultThresholds, fastThresholds])
      expect(t.lossDiverging.stepWithinSeconds).toBeLessThan(seconds(t.lossDiverging.for));
  });

  it("only change timing in the fast profile the end-to-end suite uses", () => {
    const strip = (t: typeof defaultThresholds) =>
      JSON.stringify(t, (key, value) =>
        /^(for|window|seconds|stepWithinSeconds|lookback|pushSilence|baseline|evaluationInterval|rateWindow)$/.test(
          key,
        )
          ? undefined
          : value,
      );
    expect(strip(fastThresholds)).toBe(strip(defaultThresholds));
  });
});
