import { AnnotationQueryBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { prometheusDatasource } from "./datasource.js";

/** An annotation drawn from a PromQL query on the provisioned Prometheus, on by default. */
export const promAnnotation = (name: string, color: string, expr: string) =>
  new AnnotationQueryBuilder()
    .name(name)
    .datasource(prometheusDatasource)
    .enable(true)
    .iconColor(color)
    .expr(expr);
