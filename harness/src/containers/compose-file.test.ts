import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readComposeDefaults, readComposeFile, repoRoot } from "./compose-project.js";
import { readTrainerDirectory } from "./trainer-directory.js";

const compose = readComposeFile();
const defaults = readComposeDefaults();

/** `${VAR:-./default}` → `./default`; `${VAR}` → .env's value; plain text stays. */
const resolve = (text: string) =>
  text.replace(/\$\{(\w+)(?::?[-?]([^}]*))?\}/g, (_, name: string, fallback?: string) =>
    name in defaults ? (defaults[name] as string) : (fallback ?? ""),
  );

/** Host names each service answers to on the compose network: its name and its aliases. */
const hostNames = new Set(
  Object.entries(compose.services).flatMap(([name, service]) => [
    name,
    ...Object.values(service.networks ?? {}).flatMap((n) => n?.aliases ?? []),
  ]),
);

/** The container stack's `file_sd` target groups for the trainers. */
const fileSd = JSON.parse(
  readFileSync(join(repoRoot, "prometheus", "targets", "trainers.json"), "utf8"),
) as { targets: string[] }[];

const hostOf = (target: string) => target.split(":")[0] as string;

const readYaml = (...path: string[]) => parse(readFileSync(join(repoRoot, ...path), "utf8"));

/** `host:port` of every peer a service's command names: Thanos endpoints, Alertmanager peers, … */
const commandPeers = (command: string | readonly string[] | undefined) =>
  (Array.isArray(command) ? command : [String(command ?? "")]).flatMap((arg: string) => [
    ...[...arg.matchAll(/"address":"([^"]+)"/g)].map((m) => m[1] as string),
    ...[...arg.matchAll(/^--(?:endpoint|cluster\.peer)=(.+)$/g)].map((m) => m[1] as string),
    ...[...arg.matchAll(/^--(?:query|alertmanagers\.url)=(.+)$/g)].map(
      (m) => new URL(m[1] as string).host,
    ),
  ]);

/** The services a set of active profiles starts (those in no profile always start). */
const enabled = (profiles: readonly string[]) =>
  Object.entries(compose.services).filter(
    ([, s]) => !s.profiles || s.profiles.some((p) => profiles.includes(p)),
  );

describe("docker-compose.yml", () => {
  it("mounts only files and folders of the repository that exist, and volumes it declares", () => {
    const mounts = Object.entries(compose.services).flatMap(([service, s]) =>
      (s.volumes ?? []).map((volume) => ({
        service,
        source: resolve(volume).split(":")[0] as string,
      })),
    );
    const missing = mounts.filter(({ source }) =>
      source.startsWith(".")
        ? !existsSync(join(repoRoot, source))
        : !(source in (compose.volumes ?? {})),
    );
    expect(mounts.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it("names every Prometheus target, Alertmanager and webhook after a compose service", () => {
    const prometheus = parse(readFileSync(join(repoRoot, "prometheus", "prometheus.yml"), "utf8"));
    const targets = [
      ...prometheus.scrape_configs.flatMap((job: { static_configs?: { targets: string[] }[] }) =>
        (job.static_configs ?? []).flatMap((c) => c.targets),
      ),
      ...prometheus.alerting.alertmanagers.flatMap(
        (a: { static_configs: { targets: string[] }[] }) =>
          a.static_configs.flatMap((c) => c.targets),
      ),
      ...fileSd.flatMap((group) => group.targets),
    ];
    const alertmanager = parse(
      readFileSync(join(repoRoot, "prometheus", "alertmanager", "alertmanager.yml"), "utf8"),
    );
    const webhooks = alertmanager.receivers.flatMap((r: { webhook_configs?: { url: string }[] }) =>
      (r.webhook_configs ?? []).map((w) => `${new URL(w.url).hostname}:${new URL(w.url).port}`),
    );
    const unknown = [...targets, ...webhooks].filter((t) => !hostNames.has(hostOf(t)));
    expect(targets.length).toBeGreaterThan(4);
    expect(unknown).toEqual([]);
  });

  it("names every agent target, remote-write endpoint and Thanos or Alertmanager peer after a compose service", () => {
    const agent = readYaml("prometheus", "agent.yml");
    const targets = [
      ...agent.scrape_configs.flatMap((job: { static_configs?: { targets: string[] }[] }) =>
        (job.static_configs ?? []).flatMap((c) => c.targets),
      ),
      ...agent.remote_write.map((w: { url: string }) => new URL(w.url).host),
      ...Object.values(compose.services).flatMap((service) => commandPeers(service.command)),
    ].filter((t) => hostOf(t) !== "localhost");
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.filter((t) => !hostNames.has(hostOf(t)))).toEqual([]);
  });

  it("gives the cluster profile's agent exactly the scrape jobs of prometheus.yml, the agent's own and native histograms aside", () => {
    const agent = readYaml("prometheus", "agent.yml");
    const prometheus = readYaml("prometheus", "prometheus.yml");
    // The agent remote-writes classic histograms only (see agent.yml).
    const others = (jobs: Record<string, unknown>[]) =>
      jobs
        .filter((j) => j.job_name !== "prometheus")
        .map(
          ({
            scrape_native_histograms: _native,
            always_scrape_classic_histograms: _classic,
            ...job
          }) => job,
        );
    expect(others(agent.scrape_configs)).toEqual(others(prometheus.scrape_configs));
    expect(
      prometheus.scrape_configs.some((j: Record<string, unknown>) => j.scrape_native_histograms),
    ).toBe(true);
    expect(agent.global.scrape_interval).toBe(prometheus.global.scrape_interval);
    expect(agent.rule_files).toBeUndefined();
    expect(agent.alerting).toBeUndefined();
  });

  it.each([
    ["replay", "single"],
    ["replay", "cluster"],
    ["gpu", "cluster"],
  ])(
    "starts a whole stack under the profiles %s,%s: every dependency enabled, one service per host name",
    (...profiles) => {
      const services = enabled(profiles);
      const names = new Set(services.map(([name]) => name));
      const dependencies = services.flatMap(([name, s]) =>
        Object.keys(s.depends_on ?? {}).map((d) => `${name} → ${d}`),
      );
      expect(dependencies.length).toBeGreaterThan(8);
      expect(dependencies.filter((d) => !names.has(d.split(" → ")[1] as string))).toEqual([]);
      const hosts = services.flatMap(([name, s]) => [
        name,
        ...Object.values(s.networks ?? {}).flatMap((n) => n?.aliases ?? []),
      ]);
      expect(hosts.filter((h, i) => hosts.indexOf(h) !== i)).toEqual([]);
      for (const host of ["prometheus", "gpu-collector", "pushgateway", "alert-receiver"])
        expect(hosts, host).toContain(host);
    },
  );

  it("lists every trainer service for Prometheus and for the receiver, with the task it runs", () => {
    const trainerServices = Object.keys(compose.services).filter((name) =>
      name.startsWith("trainer-"),
    );
    const directory = readTrainerDirectory(join(repoRoot, "docker", "trainers.json"));
    expect(fileSd.flatMap((g) => g.targets.map(hostOf)).sort()).toEqual(trainerServices);
    for (const { task, url } of directory) {
      const command = String(compose.services[new URL(url).hostname]?.command ?? "");
      expect(command, `${url} runs ${task}`).toContain(`--task ${task} `);
    }
    expect(directory.map((d) => new URL(d.url).hostname).sort()).toEqual(trainerServices);
  });

  it("runs the demo by default: demo workers slowed by the GPU collector's throttling, the fast rules", () => {
    const runner = defaults.TRAINWATCH_TRAINER_RUNNER ?? "";
    expect(runner).toMatch(/^trainwatch demo-worker .* --$/);
    const collector = /--gpu-collector-url (\S+)/.exec(runner)?.[1] ?? "";
    expect(hostNames.has(new URL(collector).hostname), collector).toBe(true);
    for (const name of ["trainer-0", "trainer-1"])
      expect(String(compose.services[name]?.command), name).toMatch(
        /^\$\{TRAINWATCH_TRAINER_RUNNER:\?[^}]*\}\s+--task worker-\d /,
      );
    const rules = join(repoRoot, defaults.TRAINWATCH_RULES_DIR ?? "");
    expect(readdirSync(rules).sort()).toEqual(
      readdirSync(join(repoRoot, "prometheus", "rules")).sort(),
    );
    expect(readFileSync(join(rules, "training.yml"), "utf8")).not.toEqual(
      readFileSync(join(repoRoot, "prometheus", "rules", "training.yml"), "utf8"),
    );
  });

  it("pins every image in .env, the Dockerfile's Node image included", () => {
    const variables = Object.values(compose.services).flatMap((s) =>
      [...(s.image ?? "").matchAll(/\$\{(\w+)/g)].map((m) => m[1] as string),
    );
    expect([...new Set(variables)].sort()).toEqual([
      "ALERTMANAGER_IMAGE",
      "GRAFANA_IMAGE",
      "PROMETHEUS_IMAGE",
      "PUSHGATEWAY_IMAGE",
      "THANOS_IMAGE",
      "TRAINER_IMAGE",
      "TRAINWATCH_IMAGE",
    ]);
    for (const variable of variables)
      expect(defaults[variable], variable).toMatch(/^[\w./-]+:[\w.-]+$/);
    const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
    expect(/^ARG NODE_IMAGE=(.+)$/m.exec(dockerfile)?.[1]).toBe(defaults.NODE_IMAGE);
  });
});

const composeCommand = async (): Promise<string[] | undefined> => {
  for (const command of [["docker", "compose"], ["docker-compose"]]) {
    const [file, ...args] = command as [string, ...string[]];
    if ((await execa(file, [...args, "version"], { reject: false })).exitCode === 0) return command;
  }
  return undefined;
};

describe("docker-compose.tls.yml", () => {
  const tls = readYaml("docker-compose.tls.yml") as {
    services: Record<string, { command?: string; volumes?: string[] }>;
  };
  const words = (command: string | readonly string[] | undefined) =>
    (Array.isArray(command) ? command.join(" ") : String(command ?? "")).split(/\s+/);

  it("overrides only services docker-compose.yml has", () => {
    expect(Object.keys(tls.services).filter((name) => !(name in compose.services))).toEqual([]);
  });

  it("runs docker-compose.yml's commands with only the TLS flags added (the copies kept in step)", () => {
    const tlsFlags = /^--(web\.config\.file|trainer-(scheme|ca-file|cert-file|key-file))$/;
    for (const [name, service] of Object.entries(tls.services)) {
      if (!service.command || name === "init") continue;
      const added = words(service.command);
      // Each TLS flag with its value taken out leaves the plain command.
      const kept = added.filter((w, i) => !tlsFlags.test(w) && !tlsFlags.test(added[i - 1] ?? ""));
      expect(kept, name).toEqual(words(compose.services[name]?.command));
      expect(added.filter((w) => tlsFlags.test(w)).length, name).toBeGreaterThan(0);
    }
  });

  it("mounts the generated configs that exist, and the volume it declares", () => {
    const sources = Object.values(tls.services).flatMap((s) =>
      (s.volumes ?? []).map((v) => resolve(v).split(":")[0] as string),
    );
    for (const source of sources)
      if (source.startsWith(".")) expect(existsSync(join(repoRoot, source)), source).toBe(true);
      else expect(source).toBe("tls");
  });
});

describe("docker compose config", async () => {
  const command = await composeCommand();
  const config = async (env: Record<string, string | undefined>) => {
    const [file, ...args] = command as [string, ...string[]];
    return execa(file, [...args, "config", "-q"], {
      cwd: repoRoot,
      reject: false,
      env: { ...env, PATH: process.env.PATH },
      extendEnv: false,
    });
  };

  it.skipIf(!command)("validates the file with the compose CLI", async () => {
    const result = await config({ GRAFANA_ADMIN_PASSWORD: "a-password" });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });

  it.skipIf(!command)("validates it with docker-compose.tls.yml merged over it", async () => {
    const [file, ...args] = command as [string, ...string[]];
    const result = await execa(
      file,
      [...args, "-f", "docker-compose.yml", "-f", "docker-compose.tls.yml", "config"],
      {
        cwd: repoRoot,
        reject: false,
        env: { GRAFANA_ADMIN_PASSWORD: "a-password", PATH: process.env.PATH },
        extendEnv: false,
      },
    );
    expect(result.stderr).toBe("");
    const merged = parse(result.stdout) as {
      services: Record<string, { volumes?: ({ target: string; source: string } | string)[] }>;
    };
    // The TLS config replaced the plain one at the same path (merged by target, not added).
    const mounts = (merged.services.prometheus?.volumes ?? []).map((v) =>
      typeof v === "string" ? v : `${v.source}:${v.target}`,
    );
    const configs = mounts.filter((m) => m.includes(":/etc/prometheus/prometheus.yml"));
    expect(configs).toHaveLength(1);
    expect(configs[0]).toMatch(/prometheus\/tls\/prometheus\.yml:/);
  });

  it.skipIf(!command)(
    "refuses to start without a Grafana admin password, saying which variable to set",
    async () => {
      const result = await config({});
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/set GRAFANA_ADMIN_PASSWORD in the shell/);
    },
  );
});
