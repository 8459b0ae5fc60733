/** What the e2e suite's global set-up found for the containers runtime, handed to every test file. */
export type ContainersContext =
  | {
      readonly skip: undefined;
      readonly compose: "v1" | "v2";
      /** Image variables for docker-compose.yml (resolveImageSet's). */
      readonly images: Readonly<Record<string, string>>;
      /** Why Grafana does not run, when it does not. */
      readonly grafanaSkip: string | undefined;
      /** What its Prometheus, Alertmanager and Pushgateway are, for test titles. */
      readonly binaries: string;
      /** What Thanos is (docker-compose.yml's `cluster` profile), for its test titles. */
      readonly thanos: string;
    }
  | { readonly skip: string };

declare module "vitest" {
  export interface ProvidedContext {
    containers: ContainersContext;
    /** Why the native runtime's tests are skipped (TRAINWATCH_E2E_RUNTIMES leaves it out). */
    nativeSkip: string | undefined;
    /** The versions the native stack runs, e.g. "Prometheus 3.13.5 (upstream build), …". */
    nativeBinaries: string;
    /** The same for the system's binaries (Debian's: the oldest supported), or why they are not tested. */
    floor: { readonly binaries: string } | { readonly skip: string };
  }
}
