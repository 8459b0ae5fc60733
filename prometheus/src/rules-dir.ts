import { fileURLToPath } from "node:url";

/** prometheus/rules, where the generated rule files are committed. */
export const rulesDir: string = fileURLToPath(new URL("../rules/", import.meta.url));
