/**
 * Parses `nvidia-smi pmon -c 1 -s u` output into each GPU's per-process SM utilization:
 * GPU index → pid → ratio. Columns are found by name in the first header line, so drivers with
 * or without `jpg`/`ofa`/`fb` columns read alike. A `-` in `sm` is a process with no sample in
 * the interval, idle (0); a pid of `-` is a GPU without processes. A pid listed twice (a compute
 * and a graphics context) adds up, at most 1.
 *
 * @throws Error when the header has no `gpu`, `pid` or `sm` column.
 */
export function parseNvidiaSmiPmon(text: string): Map<number, Map<number, number>> {
  const lines = text.split(/\r?\n/);
  const header = lines.find((l) => /^#\s*gpu\b/.test(l));
  const names = header?.replace(/^#/, "").trim().split(/\s+/) ?? [];
  const [gpuAt, pidAt, smAt] = ["gpu", "pid", "sm"].map((n) => names.indexOf(n));
  if (
    gpuAt === undefined ||
    pidAt === undefined ||
    smAt === undefined ||
    Math.min(gpuAt, pidAt, smAt) < 0
  )
    throw new Error(
      `nvidia-smi pmon printed no "# gpu pid … sm" header: ${JSON.stringify(lines[0] ?? "")}`,
    );
  const byGpu = new Map<number, Map<number, number>>();
  for (const line of lines) {
    if (line.startsWith("#") || !line.trim()) continue;
    const cells = line.trim().split(/\s+/);
    const gpu = Number(cells[gpuAt]);
    const pid = Number(cells[pidAt]);
    if (!Number.isInteger(gpu) || !Number.isInteger(pid)) continue;
    const sm = cells[smAt] === "-" ? 0 : Number(cells[smAt]) / 100;
    if (!Number.isFinite(sm)) continue;
    const pids = byGpu.get(gpu) ?? new Map<number, number>();
    pids.set(pid, Math.min(1, (pids.get(pid) ?? 0) + sm));
    byGpu.set(gpu, pids);
  }
  return byGpu;
}
