import { fileURLToPath } from "node:url";

/**
 * Where the schemas kubeconform checks against come from: the Kubernetes release's OpenAPI
 * (k8s.io/kubernetes' api/openapi-spec/swagger.json) and the Prometheus Operator release's CRDs
 * (its example/prometheus-operator-crd/), both read from their Go modules.
 */
export const schemaSources = {
  kubernetes: { module: "k8s.io/kubernetes", version: "v1.34.4" },
  prometheusOperator: {
    module: "github.com/prometheus-operator/prometheus-operator",
    version: "v0.85.0",
  },
} as const;

/** deploy/schemas: the converted schemas, committed (no test downloads them). */
export const schemasDir = fileURLToPath(new URL("../../schemas/", import.meta.url));

/** kubeconform's `-schema-location` for them. */
export const schemaLocation = `${schemasDir}{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
