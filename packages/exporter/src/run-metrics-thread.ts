import type { MessagePort } from "node:worker_threads";
import type { Logger } from "@trainwatch/cli-kit";
import {
  createServiceApp,
  createWebConfigMiddleware,
  type HttpServer,
  startHttpServer,
} from "@trainwatch/http-kit";
import { createControlRouter } from "./create-control-router.js";
import { createMetricsApp } from "./create-metrics-app.js";
import { createPushgatewayPusher } from "./create-pushgateway-pusher.js";
import { createTrainerRegistry } from "./create-trainer-registry.js";
import { startOtlpPusher } from "./exposition/start-otlp-pusher.js";
import type {
  FinishResult,
  FromMetricsThread,
  MetricsThreadData,
  ToMetricsThread,
} from "./metrics-thread-protocol.js";
import { type RenderedScrape, renderScrape } from "./render-metrics.js";
import { writeSpoolFile } from "./spool/write-spool-file.js";
import { startThreadCollectors } from "./start-thread-collectors.js";

/**
 * The metrics thread: serves `/metrics`, `/healthz` and `/control/stop` on its own event loop
 * from the training thread's shared memory, runs the collectors and pushes to the Pushgateway,
 * so none of it waits for a batch. Talks to the training thread through `parent`.
 */
export async function runMetricsThread(
  data: MetricsThreadData,
  parent: MessagePort,
): Promise<void> {
  const send = (message: FromMetricsThread) => parent.postMessage(message);
  const warned = new Set<string>();
  const logger: Logger = {
    info: (message) => send({ type: "log", level: "info", message }),
    warn: (message) => send({ type: "log", level: "warn", message }),
    warnOnce: (key, message) => {
      if (warned.has(key)) return;
      warned.add(key);
      logger.warn(`${message} (further warnings of this kind are not shown)`);
    },
  };
  const { job, task } = data;
  const { registry, state, mirrorThreadFamilies } = createTrainerRegistry(
    { job, task },
    data.memory,
  );

  // Renders begun after the run ended, which show its final state.
  let finishing = false;
  const finalRenders = new WeakSet<RenderedScrape>();
  let onFinalScrape = () => {};
  const control = createControlRouter({
    token: data.controlToken,
    stop: (reason) => {
      const status = state.status;
      if (status !== undefined && status !== "running") return { state: status };
      send({ type: "stop", reason });
      return { state: "stopping" };
    },
  });
  const before = data.web && createWebConfigMiddleware(data.web.config);
  const tls = data.web?.tls;
  const app = createMetricsApp({
    registry,
    before,
    render: async (format) => {
      const final = finishing;
      const rendered = await renderScrape(registry, format);
      if (final) finalRenders.add(rendered);
      return rendered;
    },
    onScraped: (rendered) => {
      if (finalRenders.has(rendered)) onFinalScrape();
    },
    auth: data.auth,
    ...(data.controlPort === undefined && { routes: control }),
  });
  let server: HttpServer;
  let controlServer: HttpServer | undefined;
  try {
    server = await startHttpServer(app, { host: data.host, port: data.port, tls });
    if (data.controlPort !== undefined) {
      const controlApp = createServiceApp(before).use(control);
      controlServer = await startHttpServer(controlApp, {
        host: data.host,
        port: data.controlPort,
        tls,
      }).catch(async (error: unknown) => {
        await server.close();
        throw error;
      });
    }
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    send({ type: "failed", code, message });
    return;
  }
  const collectors = await startThreadCollectors(data.collectors, { registry, logger });
  const pusher = data.pushgateway
    ? createPushgatewayPusher({ url: data.pushgateway.url, registry, job, task, logger })
    : undefined;
  const periodic =
    pusher && data.pushgateway && data.pushgateway.intervalSeconds > 0
      ? pusher.startPeriodic(data.pushgateway.intervalSeconds * 1000)
      : undefined;
  const otlp =
    data.otlp &&
    startOtlpPusher({
      ...data.otlp,
      registry,
      job,
      task,
      instance: new URL(server.url).host,
      logger,
    });

  const finish = async (lingerMs: number, runId: string): Promise<FinishResult> => {
    periodic?.stop();
    await collectors.close();
    finishing = true;
    const scraped = new Promise<boolean>((resolve) => {
      onFinalScrape = () => resolve(true);
      setTimeout(() => resolve(false), lingerMs);
    });
    const renderedAt = new Date();
    const push = pusher ? await pusher.pushRendered() : undefined;
    const spoolFile =
      push && !push.accepted
        ? await spool(data, {
            runId,
            status: state.status,
            time: renderedAt,
            ...push.pushed,
          }).catch((error: Error) => {
            logger.warn(`the final state is LOST: it could not be spooled (${error.message})`);
            return undefined;
          })
        : undefined;
    const otlpPushed = otlp ? await otlp.flush() : undefined;
    if (otlpPushed === false)
      logger.warn(`the final state did not reach the OTLP endpoint ${data.otlp?.url}`);
    await otlp?.shutdown();
    const result = {
      pushed: push?.accepted,
      spoolFile,
      scraped: lingerMs > 0 && (await scraped),
      ...(otlpPushed !== undefined && { otlpPushed }),
    };
    await server.close();
    await controlServer?.close();
    return result;
  };

  parent.on("message", (message: ToMetricsThread) => {
    if (message.type === "thread-metrics") mirrorThreadFamilies(message.families);
    else if (message.type === "finish") {
      void finish(message.lingerMs, message.runId).then((result) => {
        send({ type: "finished", result });
        parent.close();
      });
    }
  });
  send({
    type: "ready",
    url: server.url,
    port: server.port,
    ...(controlServer && { controlPort: controlServer.port }),
  });
}

async function spool(
  data: MetricsThreadData,
  push: {
    runId: string;
    status: string | undefined;
    time: Date;
    contentType: string;
    body: string;
  },
): Promise<string | undefined> {
  const { pushgateway, job, task } = data;
  if (!pushgateway?.spoolDir) return undefined;
  return writeSpoolFile(pushgateway.spoolDir, {
    version: 1,
    pushgatewayUrl: pushgateway.url,
    job,
    task,
    runId: push.runId,
    status: push.status ?? "unknown",
    time: push.time.toISOString(),
    contentType: push.contentType,
    body: push.body,
  });
}
