import { z } from "zod";
import type { AuthConfig } from "./auth-config.js";

const bcryptHash = z
  .string()
  .regex(
    /^\$2[aby]\$\d\d\$.{53}$/,
    "expected a bcrypt hash ($2b$10$…, e.g. from `htpasswd -nbBC 10 user pass`)",
  );

/**
 * The schema of one endpoint's auth variables, read from the whole environment:
 * `TRAINWATCH_<prefix>_TOKEN` (bearer), or `TRAINWATCH_<prefix>_USER` with
 * `TRAINWATCH_<prefix>_PASSWORD_HASH` (basic auth, bcrypt), or neither. Parses to an
 * {@link AuthConfig}; a half-set pair or both kinds at once are refused, naming the variables.
 *
 * @example authEnvSchema("METRICS").parse(process.env) // { kind: "none" } when none is set
 */
export function authEnvSchema(prefix: string) {
  const [token, user, hash] = ["TOKEN", "USER", "PASSWORD_HASH"].map(
    (s) => `TRAINWATCH_${prefix}_${s}`,
  ) as [string, string, string];
  return z
    .object({
      [token]: z.string().min(16, "expected at least 16 characters").optional(),
      [user]: z.string().min(1).optional(),
      [hash]: bcryptHash.optional(),
    })
    .refine((env) => (env[user] === undefined) === (env[hash] === undefined), {
      message: `set both ${user} and ${hash}, or neither`,
      path: [user],
    })
    .refine((env) => !(env[token] && env[user]), {
      message: `set ${token} or basic auth (${user}), not both`,
      path: [token],
    })
    .transform((env): AuthConfig => {
      if (env[token]) return { kind: "bearer", token: env[token] };
      if (env[user] && env[hash])
        return { kind: "basic", username: env[user], passwordHash: env[hash] };
      return { kind: "none" };
    });
}
