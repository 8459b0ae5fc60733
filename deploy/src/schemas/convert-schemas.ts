/**
 * Converts the Kubernetes API's and the Prometheus Operator's schemas to the JSON Schema files
 * kubeconform validates against (`-strict`: no field a schema does not name), as its own
 * openapi2jsonschema does: an int-or-string or a quantity takes either type, an object with named
 * properties takes no others unless it keeps unknown fields, and each kind's file pins its
 * apiVersion and kind.
 */

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** One schema, recursively: strict objects, int-or-string and quantities either way. */
function convert(schema: unknown, refPrefix: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, refPrefix));
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "description") continue; // kubeconform needs none of the prose: smaller files
    if (key === "$ref" && typeof value === "string")
      out.$ref = value.replace("#/definitions/", `${refPrefix}#/definitions/`);
    else out[key] = convert(value, refPrefix);
  }
  if (schema["x-kubernetes-int-or-string"] === true || schema.format === "int-or-string") {
    delete out.type;
    delete out.format;
    out.oneOf = [{ type: "string" }, { type: "integer" }];
  }
  if (
    isObject(out.properties) &&
    out.additionalProperties === undefined &&
    schema["x-kubernetes-preserve-unknown-fields"] !== true
  )
    out.additionalProperties = false;
  return out;
}

/** The Kubernetes OpenAPI v2 definitions (swagger.json) a set of kinds reaches, converted. */
export function convertKubernetesDefinitions(
  definitions: Readonly<Record<string, unknown>>,
  roots: readonly string[],
): Record<string, unknown> {
  const reached = new Set<string>();
  const visit = (name: string) => {
    if (reached.has(name)) return;
    const definition = definitions[name];
    if (!definition) throw new Error(`swagger.json has no definition ${name}`);
    reached.add(name);
    for (const match of JSON.stringify(definition).matchAll(/"#\/definitions\/([^"]+)"/g))
      visit(match[1] as string);
  };
  for (const root of roots) visit(root);
  const out: Record<string, unknown> = {};
  for (const name of [...reached].sort()) {
    const converted = convert(definitions[name], "") as Schema;
    // A quantity is written as a string ("500m") or a number (2).
    if (name === "io.k8s.apimachinery.pkg.api.resource.Quantity") {
      delete converted.type;
      converted.oneOf = [{ type: "string" }, { type: "number" }];
    }
    out[name] = converted;
  }
  return out;
}

/** A kind's file: its definition by reference into `definitionsFile`, apiVersion and kind pinned. */
export function kindSchema(
  definition: string,
  apiVersion: string,
  kind: string,
  definitionsFile: string,
): Schema {
  return {
    $schema: "http://json-schema.org/draft-04/schema#",
    allOf: [{ $ref: `${definitionsFile}#/definitions/${definition}` }],
    properties: { apiVersion: { enum: [apiVersion] }, kind: { enum: [kind] } },
    required: ["apiVersion", "kind"],
  };
}

/** A CustomResourceDefinition's schema of one version, converted (self-contained). */
export function convertCrdSchema(
  openAPIV3Schema: unknown,
  apiVersion: string,
  kind: string,
): Schema {
  const converted = convert(openAPIV3Schema, "") as Schema;
  const properties = isObject(converted.properties) ? converted.properties : {};
  return {
    $schema: "http://json-schema.org/draft-04/schema#",
    ...converted,
    properties: {
      ...properties,
      apiVersion: { type: "string", enum: [apiVersion] },
      kind: { type: "string", enum: [kind] },
      metadata: { type: "object" },
    },
    required: [...new Set(["apiVersion", "kind", ...((converted.required as string[]) ?? [])])],
  };
}
