import { describe, expect, it } from "vitest";
import { parseSmiActive, parseSmiNumber, parseSmiText } from "./parse-smi-value.js";

describe("parseSmiNumber", () => {
  it.each([
    ["19818", 19818],
    ["19818 MiB", 19818],
    ["100 %", 100],
    ["631.95 W", 631.95],
    ["0x0000000000000040", 0x40],
  ])("reads %s", (cell, value) => {
    expect(parseSmiNumber(cell)).toBe(value);
  });

  it.each([
    "[N/A]",
    "N/A",
    "[Not Supported]",
    "[Unknown Error]",
    "[Requested functionality has been deprecated]",
    "",
    "Active",
  ])("gives undefined for %j, so no series is exported", (cell) => {
    expect(parseSmiNumber(cell)).toBeUndefined();
  });
});

describe("parseSmiActive", () => {
  it("reads Active and Not Active, nothing else", () => {
    expect([
      parseSmiActive("Active"),
      parseSmiActive("Not Active"),
      parseSmiActive("[N/A]"),
    ]).toEqual([true, false, undefined]);
  });
});

describe("parseSmiText", () => {
  it("keeps names and drops bracketed messages", () => {
    expect([
      parseSmiText("NVIDIA H200"),
      parseSmiText("[N/A]"),
      parseSmiText("[Not Supported]"),
    ]).toEqual(["NVIDIA H200", undefined, undefined]);
  });
});
