export {
  type AlertTiming,
  type AlertTimingProfile,
  alertTimingNames,
  alertTimings,
} from "./alerting/alert-timings.js";
export {
  peopleReceivers,
  peopleReceiverVariables,
  type ReceiverConfigs,
} from "./alerting/people-receivers.js";
export {
  type AlertmanagerConfigOptions,
  containerAlertmanagerConfig,
  renderAlertmanagerConfig,
} from "./alerting/render-alertmanager-config.js";
export { earlyStopRoute, type StopAlert, stopAlerts } from "./alerting/stop-alerts.js";
export type { AlertingRule, RecordingRule, RuleGroup, Severity } from "./alerting-rule.js";
export { costConfigFile, fastRulesDir, rulesDir } from "./generated-paths.js";
export {
  dropNativeHistogramSettings,
  nativeHistogramsSince,
  withoutNativeHistogramSettings,
} from "./native-histogram-settings.js";
export {
  enableOtlpReceiver,
  otlpPath,
  otlpReceiverFlag,
  otlpReceiverSince,
} from "./otlp-receiver.js";
export { renderAlertReference } from "./render-alert-reference.js";
export { renderRuleFiles, ruleGroups } from "./render-rule-files.js";
export { type ScrapeTls, scrapeOverTls } from "./scrape-over-tls.js";
export { onRun, recorded, selectors, xidEventsWithin } from "./selectors.js";
export { defaultThresholds, fastThresholds, type Thresholds } from "./thresholds.js";
