export type { AuthConfig } from "./auth-config.js";
export { authEnvSchema } from "./auth-env-schema.js";
export { createAuthMiddleware } from "./create-auth-middleware.js";
export { createServiceApp } from "./create-service-app.js";
export { type HttpServer, startHttpServer } from "./start-http-server.js";
export { type CertificateRequest, createLocalCa, type LocalCa } from "./tls/create-local-ca.js";
export { type ServerTlsFiles, writeServerWebConfig } from "./tls/write-server-web-config.js";
export { createWebConfigMiddleware } from "./web-config/create-web-config-middleware.js";
export {
  type LoadedWebConfig,
  readWebConfig,
  webConfigAuth,
} from "./web-config/read-web-config.js";
export type { WebConfig } from "./web-config/web-config-schema.js";
