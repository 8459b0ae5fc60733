export type { AlertingRule, RecordingRule, RuleGroup, Severity } from "./alerting-rule.js";
export { renderRuleFiles, ruleGroups } from "./render-rule-files.js";
export { rulesDir } from "./rules-dir.js";
export { onRun, recorded, selectors, xidEventsWithin } from "./selectors.js";
export { defaultThresholds, fastThresholds, type Thresholds } from "./thresholds.js";
