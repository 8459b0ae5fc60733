import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { attributeProcesses } from "./attribute-processes.js";
import type { GpuReading } from "./gpu-reading.js";
import type { GpuSource } from "./gpu-source.js";

const cgroup = (name: string) =>
  readFileSync(new URL(`../../exporter/fixtures/cgroup/${name}`, import.meta.url), "utf8");

const reading = (pids: number[]): GpuReading => ({
  index: 0,
  uuid: "GPU-1",
  name: "X",
  driverVersion: "1",
  pciBusId: "p",
  processes: pids.map((pid) => ({ pid, memoryUsedBytes: 1024 })),
});

describe("attributeProcesses", () => {
  let proc: string;
  afterEach(() => rmSync(proc, { recursive: true, force: true }));
  const writeCgroup = (pid: number, text: string) => {
    mkdirSync(join(proc, String(pid)), { recursive: true });
    writeFileSync(join(proc, String(pid), "cgroup"), text);
  };

  it("names each GPU process's container and pod from the host's /proc, and re-reads a pid that left", async () => {
    proc = mkdtempSync(join(tmpdir(), "trainwatch-proc-"));
    writeCgroup(100, cgroup("docker-cgroupfs-v1.host.cgroup"));
    writeCgroup(200, cgroup("k8s-containerd-systemd-v2.cgroup"));
    writeCgroup(300, cgroup("host-process.cgroup"));
    let pids = [100, 200, 300, 400]; // 400: ended before its cgroup was read
    const source: GpuSource = {
      name: "nvml",
      read: async () => [reading(pids)],
      close: async () => {},
    };
    const attributed = attributeProcesses(source, proc);
    const [gpu] = await attributed.read(AbortSignal.timeout(1000));
    expect(gpu?.processes).toEqual([
      {
        pid: 100,
        memoryUsedBytes: 1024,
        containerId: "216c92f0949dec8ebe17e44ff7cf0b9785a8446908ab2d02aa00bff7e79a9849",
      },
      {
        pid: 200,
        memoryUsedBytes: 1024,
        containerId: "5f0c8e2b7a914d6c3e1f8a2b9d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d",
        podUid: "8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42",
      },
      { pid: 300, memoryUsedBytes: 1024 },
      { pid: 400, memoryUsedBytes: 1024 },
    ]);
    // While pid 100 stays on a GPU its identity is kept; once it left, a new process with the
    // same pid is read afresh.
    writeCgroup(100, cgroup("k8s-crio-systemd-v2.cgroup"));
    expect((await attributed.read(AbortSignal.timeout(1000)))[0]?.processes[0]?.containerId).toBe(
      "216c92f0949dec8ebe17e44ff7cf0b9785a8446908ab2d02aa00bff7e79a9849",
    );
    pids = [200];
    await attributed.read(AbortSignal.timeout(1000));
    pids = [100];
    expect((await attributed.read(AbortSignal.timeout(1000)))[0]?.processes[0]?.podUid).toBe(
      "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    );
  });
});
