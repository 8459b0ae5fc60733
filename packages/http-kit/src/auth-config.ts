/**
 * Who may read `/metrics` (and use control endpoints): HTTP basic auth checked against a
 * bcrypt hash (as Prometheus' own web config does), or a bearer token.
 */
export type AuthConfig =
  | { readonly kind: "none" }
  | { readonly kind: "basic"; readonly username: string; readonly passwordHash: string }
  | { readonly kind: "bearer"; readonly token: string }
  /** web.yml's `basic_auth_users`: any of these users, each with its bcrypt hash. */
  | { readonly kind: "users"; readonly users: Readonly<Record<string, string>> };
