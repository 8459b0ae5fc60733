import { QueryVariableBuilder, VariableRefresh } from "@grafana/grafana-foundation-sdk/dashboard";
import { prometheusDatasource } from "./datasource.js";

/** The selector every training query filters by: the `job` and `task` variables (All = .*). */
export const runSelector = 'job=~"$job", task=~"$task"';

const multi = (name: string, label: string, query: string) =>
  new QueryVariableBuilder(name)
    .label(label)
    .query(query)
    .datasource(prometheusDatasource)
    .multi(true)
    .includeAll(true)
    .allValue(".*")
    .refresh(VariableRefresh.OnTimeRangeChanged);

/** `job`: training jobs that reported training_info; `task`: their workers. */
export const jobVariable = () => multi("job", "Job", "label_values(training_info, job)");
export const taskVariable = () =>
  multi("task", "Task", 'label_values(training_info{job=~"$job"}, task)');
/** GPU collector instances. */
export const instanceVariable = () =>
  multi("instance", "Collector", "label_values(gpu_info, instance)");
