import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderRuleTests } from "./render-rule-tests.js";

const source = `# promtool unit tests
rule_files:
  - ../rules/pipeline.yml
evaluation_interval: 15s
tests: []
`;

describe("renderRuleTests", () => {
  it("compares values with fuzzy_compare from promtool 3.5 on, with absolute rule files", () => {
    const rendered = parse(
      renderRuleTests(source, {
        promtoolVersion: "3.13.5",
        sourceFile: "/repo/prometheus/tests/pipeline.test.yml",
      }),
    );
    expect(rendered).toEqual({
      rule_files: ["/repo/prometheus/rules/pipeline.yml"],
      evaluation_interval: "15s",
      tests: [],
      fuzzy_compare: true,
    });
  });

  it("leaves fuzzy_compare out for 2.x, which refuses unknown fields", () => {
    const rendered = renderRuleTests(source, {
      promtoolVersion: "2.42.0+ds",
      sourceFile: "/repo/prometheus/tests/pipeline.test.yml",
    });
    expect(rendered).not.toContain("fuzzy_compare");
    expect(rendered).toContain("# promtool unit tests");
  });
});
