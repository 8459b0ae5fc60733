import {
  alertmanagerBinary,
  describeBinary,
  prometheusBinary,
  pushgatewayBinary,
  upstreamComponents,
  versionWithOrigin,
} from "@trainwatch/native-services";

/**
 * "Prometheus 3.13.5 (upstream build), Alertmanager 0.31.1 (upstream build), …": what a native
 * stack started with this environment runs, for the suite's titles and log.
 */
export async function describeServiceVersions(env: NodeJS.ProcessEnv): Promise<string> {
  const parts = await Promise.all(
    [prometheusBinary, alertmanagerBinary, pushgatewayBinary].map(async (spec) => {
      const { title } = upstreamComponents[spec.component];
      try {
        return `${title} ${versionWithOrigin(await describeBinary(spec, { env }))}`;
      } catch {
        return `${title} missing`; // the suite's start fails with the reason
      }
    }),
  );
  return parts.join(", ");
}
