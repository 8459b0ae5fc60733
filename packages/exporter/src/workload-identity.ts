import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TrainwatchError } from "@trainwatch/cli-kit";

/**
 * Which container and pod a process runs in: what joins a GPU process (seen by the collector as
 * a host pid) to the trainer that runs it (which sees its own pid namespace). Either may be
 * unknown: a process on the host has neither.
 */
export interface WorkloadIdentity {
  /** The runtime's container id (64 hex digits: Docker, containerd, CRI-O). */
  readonly containerId?: string;
  /** The Kubernetes pod's uid (`metadata.uid`), dashed. */
  readonly podUid?: string;
}

// kubelet names a pod's cgroup `pod<uid>` (cgroupfs driver) or `kubepods-<qos>-pod<uid>.slice`
// with the uid's dashes as underscores (systemd driver).
const podUidPattern =
  /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?(?:\/|$)/;
// The container's own cgroup: `<id>` (cgroupfs), `docker-<id>.scope`, `cri-containerd-<id>.scope`,
// `crio-<id>.scope`, `libpod-<id>.scope` (Podman). `crio-conmon-<id>` is CRI-O's monitor, not the
// container, and has no match here.
const containerIdPattern =
  /(?:^|\/)(?:docker-|cri-containerd-|crio-|libpod-|containerd-)?([0-9a-f]{64})(?:\.scope)?$/;

/** The identity in one cgroup path, e.g. `/kubepods.slice/…/cri-containerd-<id>.scope`. */
export function parseCgroupPath(path: string): WorkloadIdentity {
  const containerId = containerIdPattern.exec(path)?.[1];
  const podUid = podUidPattern.exec(path)?.[1]?.replaceAll("_", "-");
  return { ...(containerId && { containerId }), ...(podUid && { podUid }) };
}

/**
 * The identity in a `/proc/<pid>/cgroup` file (cgroup v1: one line per hierarchy, v2: `0::<path>`;
 * the first line that names a container or pod wins). Empty for a process on the host, and for a
 * container reading its own file inside a private cgroup namespace (there every path is `/`).
 */
export function parseCgroupFile(text: string): WorkloadIdentity {
  let found: WorkloadIdentity = {};
  for (const line of text.split("\n")) {
    const path = line.split(":").slice(2).join(":");
    if (!path) continue;
    const identity = parseCgroupPath(path);
    if (identity.containerId) return { ...found, ...identity };
    if (identity.podUid && !found.podUid) found = identity;
  }
  return found;
}

/**
 * The identity in a process's own `/proc/self/mountinfo`, where its cgroup paths are hidden:
 * Docker and Podman mount `/etc/hostname` from a folder named after the container; the kubelet
 * mounts `/etc/hosts` and the termination log from a folder named after the pod.
 */
export function parseMountinfo(text: string): WorkloadIdentity {
  const containerId =
    /\/(?:docker\/containers|overlay-containers)\/([0-9a-f]{64})\/(?:userdata\/)?(?:hostname|hosts|resolv\.conf)\s/.exec(
      text,
    )?.[1];
  const podUid =
    /\/kubelet\/pods\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//.exec(
      text,
    )?.[1];
  return { ...(containerId && { containerId }), ...(podUid && { podUid }) };
}

const read = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return ""; // gone (the process ended), or not Linux: nothing to say
  }
};

/** Another process's identity, from its cgroup file under `proc` (the host's, for a collector). */
export function readProcessIdentity(pid: number, proc = "/proc"): WorkloadIdentity {
  return parseCgroupFile(read(join(proc, String(pid), "cgroup")));
}

/** Where a running program may be told its pod: the downward API's `metadata.uid`. */
export const podUidVariable = "TRAINWATCH_POD_UID";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * This process's own identity: the pod uid from `TRAINWATCH_POD_UID` (the downward API), else
 * from the files; the container id from its cgroup file, else from its mountinfo.
 *
 * @throws TrainwatchError("usage") when TRAINWATCH_POD_UID is set but is no pod uid.
 */
export function ownIdentity(
  env: NodeJS.ProcessEnv = process.env,
  proc = "/proc",
): WorkloadIdentity {
  const given = env[podUidVariable]?.trim();
  if (given && !uuid.test(given))
    throw new TrainwatchError(
      "usage",
      `${podUidVariable}=${JSON.stringify(given)} is not a pod uid (a lowercase UUID): set it from the downward API, fieldRef metadata.uid, or leave it unset`,
    );
  const cgroup = parseCgroupFile(read(join(proc, "self", "cgroup")));
  const mounts = parseMountinfo(read(join(proc, "self", "mountinfo")));
  const containerId = cgroup.containerId ?? mounts.containerId;
  const podUid = given || cgroup.podUid || mounts.podUid;
  return { ...(containerId && { containerId }), ...(podUid && { podUid }) };
}
