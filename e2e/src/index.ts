export {
  countRangeSeries,
  queryPrometheus,
  type Sample,
  waitForQuery,
} from "./query-prometheus.js";
export { scrapeValue } from "./scrape-value.js";
export {
  type NativeStack,
  type NativeStackOptions,
  type StackStatus,
  startNativeStack,
  trainwatch,
} from "./start-native-stack.js";
