import { describe, expect, it } from "vitest";
import { allToken, interpolateExpr, type VariableValue } from "./interpolate-expr.js";

const builtIns = { intervalMs: 2000, rangeMs: 1_800_000, scrapeIntervalMs: 1000 };
const job: VariableValue = {
  name: "job",
  selected: ["mnist_mlp"],
  options: ["mnist_mlp", "cifar"],
};
const task = (selected: string[], allValue?: string): VariableValue => ({
  name: "task",
  selected,
  options: ["worker-0", "worker-1"],
  allValue,
});

describe("interpolateExpr", () => {
  it("substitutes single, multi and All selections as regexes", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${var} syntax, not a template
    const expr = 'training_loss{job=~"$job", task=~"${task}"}';
    expect(interpolateExpr(expr, [job, task(["worker-1"])], builtIns)).toBe(
      'training_loss{job=~"mnist_mlp", task=~"worker-1"}',
    );
    expect(interpolateExpr(expr, [job, task(["worker-0", "worker-1"])], builtIns)).toContain(
      'task=~"(worker-0|worker-1)"',
    );
    expect(interpolateExpr(expr, [job, task([allToken], ".*")], builtIns)).toContain('task=~".*"');
    expect(interpolateExpr(expr, [job, task([allToken])], builtIns)).toContain(
      'task=~"(worker-0|worker-1)"',
    );
  });

  it("escapes regex characters in values", () => {
    const v: VariableValue = { name: "v", selected: ["a.b(c)"], options: [] };
    expect(interpolateExpr('x{l=~"$v"}', [v], builtIns)).toBe('x{l=~"a\\.b\\(c\\)"}');
  });

  it("fills Grafana's built-in intervals, $__rate_interval as Grafana computes it", () => {
    expect(interpolateExpr("rate(x[$__rate_interval]) $__interval $__range", [], builtIns)).toBe(
      "rate(x[4s]) 2s 1800s",
    );
  });

  it("leaves unknown variables as they are, so Prometheus names them in its error", () => {
    expect(interpolateExpr('x{a="$nope"}', [], builtIns)).toBe('x{a="$nope"}');
  });

  it("leaves the built-in intervals alone when given none (a query handed on to Explore)", () => {
    expect(interpolateExpr('rate(x{job=~"$job"}[$__rate_interval])', [job])).toBe(
      'rate(x{job=~"mnist_mlp"}[$__rate_interval])',
    );
  });
});
