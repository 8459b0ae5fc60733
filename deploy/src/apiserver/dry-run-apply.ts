import type { ApiServer } from "./start-api-server.js";

/** A manifest's identity: what the API server is asked to apply. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/** One object's outcome: the HTTP status and, when refused, the server's message. */
export interface ApplyResult {
  readonly object: string;
  readonly status: number;
  readonly message?: string;
}

/**
 * Server-side applies each object (`PATCH … application/apply-patch+yaml`), for real or with
 * `dryRun=All` (validated, defaulted and admitted by the server, nothing stored). The resource
 * path of each kind comes from the server's own discovery.
 */
export async function serverSideApply(
  server: ApiServer,
  objects: readonly KubeObject[],
  { dryRun }: { dryRun: boolean },
): Promise<ApplyResult[]> {
  type Resource = { name: string; kind: string; namespaced: boolean };
  const discovered = new Map<string, Resource[]>();
  const resourceOf = async ({ apiVersion, kind }: KubeObject) => {
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    if (!discovered.has(base)) {
      const answer = await server.call("GET", base);
      discovered.set(
        base,
        answer.status === 200
          ? (JSON.parse(answer.body) as { resources: Resource[] }).resources
          : [],
      );
    }
    // Subresources (`jobs/status`) share their kind: the plain name is the one to apply to.
    const found = discovered.get(base)?.find((r) => r.kind === kind && !r.name.includes("/"));
    return found && { base, plural: found.name, namespaced: found.namespaced };
  };
  const results: ApplyResult[] = [];
  for (const object of objects) {
    const label = `${object.kind}/${object.metadata.name}`;
    const resource = await resourceOf(object);
    if (!resource) {
      results.push({
        object: label,
        status: 404,
        message: `the server serves no ${object.apiVersion} ${object.kind}`,
      });
      continue;
    }
    const where = resource.namespaced
      ? `/namespaces/${object.metadata.namespace ?? "default"}`
      : "";
    const query = new URLSearchParams({ fieldManager: "trainwatch", force: "true" });
    if (dryRun) query.set("dryRun", "All");
    const answer = await server.call(
      "PATCH",
      `${resource.base}${where}/${resource.plural}/${object.metadata.name}?${query}`,
      JSON.stringify(object),
      "application/apply-patch+yaml",
    );
    const ok = answer.status === 200 || answer.status === 201;
    results.push({
      object: label,
      status: answer.status,
      ...(!ok && {
        message: (JSON.parse(answer.body) as { message?: string }).message ?? answer.body,
      }),
    });
  }
  return results;
}
