import { fileURLToPath } from "node:url";

/** deploy/kubernetes: the generated manifests (the same from src/ and dist/). */
export const kubernetesDir = fileURLToPath(new URL("../kubernetes/", import.meta.url));
