import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import {
  type AnnotationQuery,
  AnnotationQueryBuilder,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { prometheusDatasource } from "./datasource.js";

/** How an annotation's events are titled and described, from their labels (`{{task}}`). */
export interface AnnotationFormats {
  readonly title?: string;
  readonly text?: string;
}

/**
 * An annotation drawn from a PromQL query on the provisioned Prometheus, on by default; with
 * Grafana's Prometheus `titleFormat` and `textFormat` where given (the SDK has no setter).
 */
export const promAnnotation = (
  name: string,
  color: string,
  expr: string,
  formats: AnnotationFormats = {},
): cog.Builder<AnnotationQuery> => {
  const builder = new AnnotationQueryBuilder()
    .name(name)
    .datasource(prometheusDatasource)
    .enable(true)
    .iconColor(color)
    .expr(expr);
  return {
    build: () =>
      ({
        ...builder.build(),
        ...(formats.title && { titleFormat: formats.title }),
        ...(formats.text && { textFormat: formats.text }),
      }) as AnnotationQuery,
  };
};
