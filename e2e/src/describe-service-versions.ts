import {
  alertmanagerBinary,
  binaryOriginWords,
  describeBinary,
  prometheusBinary,
  pushgatewayBinary,
  upstreamComponents,
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
        const { version, origin } = await describeBinary(spec, { env });
        return `${title} ${version} (${binaryOriginWords[origin]})`;
      } catch {
        return `${title} missing`; // the suite's start fails with the reason
      }
    }),
  );
  return parts.join(", ");
}
