import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  ownIdentity,
  parseCgroupFile,
  parseMountinfo,
  readProcessIdentity,
} from "./workload-identity.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/cgroup/${name}`, import.meta.url), "utf8");

describe("parseCgroupFile", () => {
  it.each([
    // Recorded on this machine (Docker 20.10, cgroup v1, cgroupfs driver).
    [
      "docker-cgroupfs-v1.host.cgroup",
      { containerId: "216c92f0949dec8ebe17e44ff7cf0b9785a8446908ab2d02aa00bff7e79a9849" },
    ],
    ["host-process.cgroup", {}],
    ["docker-cgroupns-private.self.cgroup", {}],
    // The kubelet's and the runtimes' shapes.
    [
      "k8s-containerd-systemd-v2.cgroup",
      {
        containerId: "5f0c8e2b7a914d6c3e1f8a2b9d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d",
        podUid: "8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42",
      },
    ],
    [
      "k8s-guaranteed-systemd-v2.cgroup",
      {
        containerId: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
        podUid: "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f",
      },
    ],
    [
      "k8s-crio-systemd-v2.cgroup",
      {
        containerId: "a3f1e2d4c5b6a7980f1e2d3c4b5a69788f0e1d2c3b4a5968778695a4b3c2d1e0",
        podUid: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
      },
    ],
    // CRI-O's monitor process belongs to the pod, not to the container.
    ["k8s-crio-conmon-v2.cgroup", { podUid: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f" }],
    [
      "k8s-containerd-cgroupfs-v1.cgroup",
      {
        containerId: "c41e7d2a9b3f5068e1d7a2c4b6f8091e3a5c7d9b0f2e4a6c8d0b1f3e5a7c9d2b",
        podUid: "2b7e9f40-61c3-4d8a-a5e2-7c0d9b1f3e86",
      },
    ],
    [
      "docker-systemd-v2.cgroup",
      { containerId: "6d2f8a1c4e7b9035d1f6a8c2e4b7d9f1a3c5e7b9d2f4a6c8e0b2d4f6a8c1e3b5" },
    ],
  ])("reads %s", (name, expected) => {
    expect(parseCgroupFile(fixture(name))).toEqual(expected);
  });

  it("takes no id from a path segment that only contains 64 hex digits", () => {
    expect(
      parseCgroupFile(`0::/user.slice/x${"a".repeat(64)}.scope\n0::/${"b".repeat(63)}\n`),
    ).toEqual({});
  });
});

describe("parseMountinfo", () => {
  it("finds a Docker container whose cgroup namespace hides it (recorded)", () => {
    expect(parseMountinfo(fixture("docker-cgroupns-private.self.mountinfo"))).toEqual({
      containerId: "e378de551abfc037c0485e762cca587a2f84d15b75d1c84fcc2eed08c778316e",
    });
  });

  it("finds a pod's uid from the kubelet's mounts, and no container in containerd's sandbox", () => {
    expect(parseMountinfo(fixture("k8s-pod.self.mountinfo"))).toEqual({
      podUid: "8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42",
    });
  });
});

describe("readProcessIdentity and ownIdentity", () => {
  let proc: string | undefined;
  afterEach(() => {
    if (proc) rmSync(proc, { recursive: true, force: true });
  });
  const fakeProc = (files: Record<string, string>) => {
    proc = mkdtempSync(join(tmpdir(), "trainwatch-proc-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(proc, path, ".."), { recursive: true });
      writeFileSync(join(proc, path), text);
    }
    return proc;
  };

  it("reads another process's cgroup file, and says nothing of a process that is gone", () => {
    const dir = fakeProc({ "4242/cgroup": fixture("k8s-crio-systemd-v2.cgroup") });
    expect(readProcessIdentity(4242, dir).podUid).toBe("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    expect(readProcessIdentity(4243, dir)).toEqual({});
  });

  it("falls back to mountinfo when its own cgroup paths are hidden", () => {
    const dir = fakeProc({
      "self/cgroup": fixture("docker-cgroupns-private.self.cgroup"),
      "self/mountinfo": fixture("docker-cgroupns-private.self.mountinfo"),
    });
    expect(ownIdentity({}, dir)).toEqual({
      containerId: "e378de551abfc037c0485e762cca587a2f84d15b75d1c84fcc2eed08c778316e",
    });
  });

  it("takes the pod uid from the downward API, and refuses one that is not a uid", () => {
    const dir = fakeProc({ "self/cgroup": fixture("host-process.cgroup") });
    expect(
      ownIdentity({ TRAINWATCH_POD_UID: "8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42" }, dir),
    ).toEqual({ podUid: "8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42" });
    expect(() => ownIdentity({ TRAINWATCH_POD_UID: "worker-0" }, dir)).toThrow(
      'TRAINWATCH_POD_UID="worker-0" is not a pod uid (a lowercase UUID): set it from the downward API, fieldRef metadata.uid, or leave it unset',
    );
  });
});
