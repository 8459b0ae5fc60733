import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { renderManifests } from "../render-manifests.js";
import { convertCrdSchema, convertKubernetesDefinitions, kindSchema } from "./convert-schemas.js";
import { schemaSources } from "./schema-pins.js";

/** Where a pinned Go module's files are (`go mod download -json`'s `Dir`). */
export type ModuleDir = (source: { module: string; version: string }) => Promise<string>;

/** Each kind's apiVersion/kind that deploy/kubernetes uses (kustomize's own files aside). */
function usedKinds(): { apiVersion: string; kind: string }[] {
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const text of Object.values(renderManifests()))
    for (const doc of parseAllDocuments(text)) {
      const o = doc.toJS() as { apiVersion?: string; kind?: string } | null;
      if (o?.apiVersion && o.kind && !o.apiVersion.startsWith("kustomize."))
        kinds.set(`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
    }
  return [...kinds.values()];
}

/** An apiVersion's group ("" for the core group's `v1`) and version. */
const groupVersion = (apiVersion: string) => {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  return { group: group as string, version: version as string };
};

/**
 * kubeconform's path of a kind's schema: `{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}`,
 * where the core group's `{{ .Group }}` is its version.
 */
const fileOf = (apiVersion: string, kind: string) => {
  const { group, version } = groupVersion(apiVersion);
  return `${group || version}/${kind.toLowerCase()}_${version}.json`;
};

/**
 * deploy/schemas' files, by path: the kinds deploy/kubernetes uses, from the pinned Kubernetes
 * OpenAPI (one `_definitions.json` the kinds refer to) and Prometheus Operator CRDs.
 */
export async function renderSchemas(moduleDir: ModuleDir): Promise<Record<string, string>> {
  const swagger = JSON.parse(
    readFileSync(
      join(await moduleDir(schemaSources.kubernetes), "api", "openapi-spec", "swagger.json"),
      "utf8",
    ),
  ) as { definitions: Record<string, { "x-kubernetes-group-version-kind"?: object[] }> };
  const crdDir = join(
    await moduleDir(schemaSources.prometheusOperator),
    "example",
    "prometheus-operator-crd",
  );
  const files: Record<string, unknown> = {};
  const builtIn: { definition: string; apiVersion: string; kind: string }[] = [];
  for (const { apiVersion, kind } of usedKinds()) {
    const { group, version } = groupVersion(apiVersion);
    if (group === "monitoring.coreos.com") {
      const crd = parse(
        readFileSync(join(crdDir, `monitoring.coreos.com_${kind.toLowerCase()}s.yaml`), "utf8"),
      ) as { spec: { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] } };
      const served = crd.spec.versions.find((v) => v.name === version);
      if (!served)
        throw new Error(`${schemaSources.prometheusOperator.version} has no ${apiVersion} ${kind}`);
      files[fileOf(apiVersion, kind)] = convertCrdSchema(
        served.schema.openAPIV3Schema,
        apiVersion,
        kind,
      );
      continue;
    }
    const definition = Object.entries(swagger.definitions).find(([, d]) =>
      (d["x-kubernetes-group-version-kind"] ?? []).some(
        (gvk) => JSON.stringify(gvk) === JSON.stringify({ group, kind, version }),
      ),
    )?.[0];
    if (!definition)
      throw new Error(
        `Kubernetes ${schemaSources.kubernetes.version} has no ${apiVersion} ${kind}`,
      );
    builtIn.push({ definition, apiVersion, kind });
    files[fileOf(apiVersion, kind)] = kindSchema(
      definition,
      apiVersion,
      kind,
      "../_definitions.json",
    );
  }
  files["_definitions.json"] = {
    definitions: convertKubernetesDefinitions(
      swagger.definitions,
      builtIn.map((b) => b.definition),
    ),
  };
  files["sources.json"] = schemaSources;
  return Object.fromEntries(
    Object.entries(files)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, value]) => [path, `${JSON.stringify(value)}\n`]),
  );
}
