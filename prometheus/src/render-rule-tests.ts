import { dirname, resolve } from "node:path";
import { versionAtLeast } from "@trainwatch/native-services";
import { parseDocument } from "yaml";

export interface RuleTestOptions {
  /** The version the promtool that runs the file reports, e.g. "3.13.5" or "2.42.0+ds". */
  readonly promtoolVersion: string;
  /** Where the file was read from: its `rule_files` are relative to it. */
  readonly sourceFile: string;
}

/**
 * Renders a promtool rule test file for the promtool that runs it, from wherever it is written:
 * `rule_files` become absolute, and from Prometheus 3.5 on values are compared with
 * `fuzzy_compare` (a relative tolerance: 3.x extrapolates rates differently in the last digits),
 * which 2.x refuses as an unknown field. The one place where the rule tests differ by version.
 */
export function renderRuleTests(source: string, options: RuleTestOptions): string {
  const document = parseDocument(source);
  if (document.errors.length > 0)
    throw new Error(`${options.sourceFile} does not parse: ${document.errors[0]?.message}`);
  const ruleFiles = document.get("rule_files") as { toJSON(): string[] } | undefined;
  document.set(
    "rule_files",
    (ruleFiles?.toJSON() ?? []).map((file) => resolve(dirname(options.sourceFile), file)),
  );
  // promtool learnt fuzzy_compare in Prometheus 3.5.0.
  if (versionAtLeast(options.promtoolVersion, "3.5.0")) document.set("fuzzy_compare", true);
  return document.toString();
}
