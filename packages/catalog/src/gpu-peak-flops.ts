/** One GPU model's peak arithmetic rate, as its NVIDIA datasheet states it. */
export interface GpuPeakFlops {
  /** The model name as NVML and nvidia-smi report it (`gpu_info`'s `name` label). */
  readonly name: string;
  /** Peak dense FP32 rate in FLOP/s: no tensor cores, no sparsity (tfjs trains in float32). */
  readonly fp32FlopsPerSecond: number;
}

const tera = 1e12;

/**
 * Peak dense FP32 FLOP/s of common NVIDIA GPUs, from their datasheets, for model FLOPs
 * utilization (MFU). FP32 because tfjs trains in float32; a backend that lets cuBLAS use TF32
 * tensor cores can exceed these figures, so MFU above 1 means "faster than plain FP32".
 * A GPU missing here has no MFU series (never a guess).
 */
export const gpuPeakFlops: readonly GpuPeakFlops[] = [
  { name: "NVIDIA H200", fp32FlopsPerSecond: 67 * tera },
  { name: "NVIDIA H200 NVL", fp32FlopsPerSecond: 60 * tera },
  { name: "NVIDIA H100 80GB HBM3", fp32FlopsPerSecond: 67 * tera },
  { name: "NVIDIA H100 PCIe", fp32FlopsPerSecond: 51 * tera },
  { name: "NVIDIA H100 NVL", fp32FlopsPerSecond: 60 * tera },
  { name: "NVIDIA A100-SXM4-80GB", fp32FlopsPerSecond: 19.5 * tera },
  { name: "NVIDIA A100-SXM4-40GB", fp32FlopsPerSecond: 19.5 * tera },
  { name: "NVIDIA A100 80GB PCIe", fp32FlopsPerSecond: 19.5 * tera },
  { name: "NVIDIA A100-PCIE-40GB", fp32FlopsPerSecond: 19.5 * tera },
  { name: "NVIDIA L40S", fp32FlopsPerSecond: 91.6 * tera },
  { name: "NVIDIA L4", fp32FlopsPerSecond: 30.3 * tera },
  { name: "NVIDIA A10G", fp32FlopsPerSecond: 31.2 * tera },
  { name: "NVIDIA A10", fp32FlopsPerSecond: 31.2 * tera },
  { name: "Tesla V100-SXM2-16GB", fp32FlopsPerSecond: 15.7 * tera },
  { name: "Tesla V100-SXM2-32GB", fp32FlopsPerSecond: 15.7 * tera },
  { name: "Tesla V100-PCIE-16GB", fp32FlopsPerSecond: 14 * tera },
  { name: "Tesla T4", fp32FlopsPerSecond: 8.1 * tera },
  { name: "NVIDIA GeForce RTX 4090", fp32FlopsPerSecond: 82.6 * tera },
  { name: "NVIDIA GeForce RTX 4080 SUPER", fp32FlopsPerSecond: 52.2 * tera },
  { name: "NVIDIA GeForce RTX 2080 SUPER", fp32FlopsPerSecond: 11.15 * tera },
];
