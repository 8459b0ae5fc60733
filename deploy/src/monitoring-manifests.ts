import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { prometheusDatasource, renderDashboards } from "@trainwatch/grafana-dashboards";
import { defaultThresholds, ruleGroups } from "@trainwatch/prometheus-config";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { stringify } from "yaml";
import { monitoringLabels, settings } from "./deploy-settings.js";

export function trainwatchNamespace(): Namespace {
  return new Namespace({
    metadata: { name: settings.namespace, labels: { "app.kubernetes.io/part-of": "trainwatch" } },
  });
}

/**
 * prometheus/rules/*.yml as PrometheusRule objects: the same groups from the same source
 * (prometheus/src, default thresholds), one object per file.
 */
export function prometheusRules(): PrometheusRule[] {
  return Object.entries(ruleGroups(defaultThresholds)).map(
    ([file, groups]) =>
      new PrometheusRule({
        metadata: {
          name: `trainwatch-${file.replace(/\.yml$/, "")}`,
          namespace: settings.namespace,
          labels: monitoringLabels,
        },
        spec: {
          groups: groups.map((group) => ({
            name: group.name,
            ...(group.interval && { interval: group.interval }),
            rules: group.rules.map((rule) => ({ ...rule })),
          })),
        },
      }),
  );
}

/** The dashboards for Grafana's sidecar (label `grafana_dashboard`), in Grafana's namespace. */
export function dashboardsConfigMap(): ConfigMap {
  return new ConfigMap({
    metadata: {
      name: "trainwatch-dashboards",
      namespace: settings.monitoringNamespace,
      labels: { grafana_dashboard: "1", "app.kubernetes.io/part-of": "trainwatch" },
      annotations: { grafana_folder: "trainwatch" },
    },
    data: renderDashboards(),
  });
}

/**
 * The datasource every dashboard queries (uid `trainwatch-prometheus`), for Grafana's sidecar
 * (label `grafana_datasource`): the operator's Prometheus.
 */
export function datasourceConfigMap(): ConfigMap {
  const datasources = {
    apiVersion: 1,
    datasources: [
      {
        name: "trainwatch",
        uid: prometheusDatasource.uid,
        type: prometheusDatasource.type,
        access: "proxy",
        url: settings.prometheusUrl,
        isDefault: false,
        editable: false,
        jsonData: { timeInterval: "5s" },
      },
    ],
  };
  return new ConfigMap({
    metadata: {
      name: "trainwatch-datasource",
      namespace: settings.monitoringNamespace,
      labels: { grafana_datasource: "1", "app.kubernetes.io/part-of": "trainwatch" },
    },
    data: { "trainwatch-datasource.yaml": stringify(datasources) },
  });
}
