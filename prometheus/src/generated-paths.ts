import { fileURLToPath } from "node:url";

/** prometheus/rules, where the generated rule files are committed. */
export const rulesDir: string = fileURLToPath(new URL("../rules/", import.meta.url));

/**
 * prometheus/rules-fast, the same rules with the fast thresholds (`for` in seconds): the timing
 * of the compose demo (`TRAINWATCH_RULES_DIR` in .env), never a production one.
 */
export const fastRulesDir: string = fileURLToPath(new URL("../rules-fast/", import.meta.url));

/** prometheus/alertmanager/alertmanager.yml, generated with the containers' values. */
export const alertmanagerConfigFile: string = fileURLToPath(
  new URL("../alertmanager/alertmanager.yml", import.meta.url),
);

/** prometheus/prometheus.yml and prometheus/agent.yml: written by hand, for the containers. */
export const prometheusConfigFile: string = fileURLToPath(
  new URL("../prometheus.yml", import.meta.url),
);
export const agentConfigFile: string = fileURLToPath(new URL("../agent.yml", import.meta.url));

/**
 * prometheus/tls: what docker-compose.tls.yml mounts instead: prometheus.yml and agent.yml with
 * the trainers and the GPU collector scraped over HTTPS, and alertmanager.yml calling the
 * receiver over HTTPS, each with the client certificate the `init` service makes.
 */
export const composeTlsDir: string = fileURLToPath(new URL("../tls/", import.meta.url));

/**
 * prometheus/cost.yml: prices per GPU-hour and the grid's intensity, which the GPU collector of
 * every stack (native, compose, Kubernetes) reads. Not generated: the one file a team edits.
 */
export const costConfigFile: string = fileURLToPath(new URL("../cost.yml", import.meta.url));

/** docs/alerts.md, the alert reference generated from the rules. */
export const alertReferenceFile: string = fileURLToPath(
  new URL("../../docs/alerts.md", import.meta.url),
);
