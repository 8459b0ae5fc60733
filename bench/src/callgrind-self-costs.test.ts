import { describe, expect, it } from "vitest";
import { functionName, parsePerfMap, selfCosts } from "./callgrind-self-costs.js";

// As `node --perf-basic-prof` writes it: the code at 2000 was made twice, recordStep last.
const perfMap = parsePerfMap(
  [
    "1000 100 Builtin:ArgumentsAdaptorTrampoline",
    "2000 80 JS:~fit /work/main/node_modules/.pnpm/@tensorflow+tfjs-layers@4.22.0_@tensorflow+tfjs-core@4.22.0/node_modules/@tensorflow/tfjs-layers/dist/tf-layers.node.js:24595:25",
    "2000 100 JS:^recordStep file:///work/main/packages/exporter/dist/create-training-recorder.js:60:19",
    "3000 40 JS:wasm-function[283]-283-turbofan",
    "3040 40 JS:*recordStep file:///work/main/packages/exporter/dist/create-training-recorder.js:60:19",
  ].join("\n"),
);

// The parts of a callgrind dump that selfCosts reads, as callgrind 3.19 writes them.
const dump = `version: 1
creator: callgrind-3.19.0
pid: 1234
events: Ir
ob=(1) /usr/bin/node
fl=(1) ???
fn=(1) main
16 100
cfn=(2) 0x0000000000002010
calls=1 0
16 900
fn=(2)
0 400
cfn=(3) 0x0000000000003008'2
calls=3 0
0 500
fn=(3)
0 300
cfn=(4) 0x0000000000003050
calls=1 0
+2 200
fn=(4)
* 200
fn=(5) 0x0000000000009000
-3 7
totals: 1207
`;

describe("selfCosts", () => {
  it("counts each function's own instructions, not its calls', by the name V8 gave its code", () => {
    expect(Object.fromEntries(selfCosts(dump, perfMap))).toEqual({
      main: 100,
      // Its baseline (0x2010) and optimized (0x3050) code add up under one name.
      "recordStep exporter/dist/create-training-recorder.js:60": 600,
      "wasm-function[283] (WebAssembly)": 300,
      "(generated code V8 did not name)": 7,
    });
  });
});

describe("functionName", () => {
  it("shortens a package's path to the package and file, and drops the column", () => {
    expect(
      functionName(
        "0x0000000000002000",
        parsePerfMap(
          `2000 10 JS:^ /x/node_modules/.pnpm/a@1/node_modules/@tensorflow/tfjs-layers/dist/tf-layers.node.js:24946:79`,
        ),
      ),
    ).toBe("@tensorflow/tfjs-layers/dist/tf-layers.node.js:24946");
  });

  it("keeps native functions' names, without callgrind's recursion mark", () => {
    expect(functionName("v8::internal::Heap::Scavenge()'2", perfMap)).toBe(
      "v8::internal::Heap::Scavenge()",
    );
  });
});
