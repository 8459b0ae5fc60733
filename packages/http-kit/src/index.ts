export type { AuthConfig } from "./auth-config.js";
export { authEnvSchema } from "./auth-env-schema.js";
export { createAuthMiddleware } from "./create-auth-middleware.js";
export { createServiceApp } from "./create-service-app.js";
export { type HttpServer, startHttpServer } from "./start-http-server.js";
