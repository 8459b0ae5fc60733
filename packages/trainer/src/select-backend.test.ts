import { describe, expect, it } from "vitest";
import { selectBackend } from "./select-backend.js";

describe("selectBackend", () => {
  it("takes the fastest backend that loads, saying why it passed over the others", async () => {
    const { name, skipped } = await selectBackend("auto");
    const order = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];
    expect(skipped.map((s) => s.split(":")[0])).toEqual(order.slice(0, order.indexOf(name)));
  });

  it("never picks wasm for a model that needs convolution gradients", async () => {
    const { name } = await selectBackend("auto", { needsConvGradients: true });
    expect(name).not.toBe("wasm");
  });

  it("loads a forced backend or fails naming it", async () => {
    expect((await selectBackend("cpu")).name).toBe("cpu");
    const native = await selectBackend("tensorflow").then(
      (b) => b.name,
      (error: Error) => error.message,
    );
    expect(native).toMatch(/^(tensorflow|backend tensorflow cannot run here: .+)$/);
  });
});
