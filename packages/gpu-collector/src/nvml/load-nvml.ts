import koffi, { type LibraryHandle, type TypeObject } from "koffi";
import { processInfoSize } from "./nvml-constants.js";

/** A declared NVML function; `.async(...args, callback)` runs it on a worker thread. */
export type NvmlFunction = ReturnType<LibraryHandle["func"]>;
type Fn = NvmlFunction;

/** The NVML functions the collector calls, each returning an nvmlReturn_t asynchronously. */
export interface NvmlFunctions {
  readonly init: Fn;
  readonly shutdown: Fn;
  readonly errorString: Fn;
  readonly driverVersion: Fn;
  readonly deviceCount: Fn;
  readonly handleByIndex: Fn;
  readonly uuid: Fn;
  readonly name: Fn;
  readonly pciInfo: Fn;
  readonly memoryInfo: Fn;
  readonly utilization: Fn;
  readonly temperature: Fn;
  readonly powerUsage: Fn;
  readonly powerLimit: Fn;
  readonly clockInfo: Fn;
  readonly clockEventReasons: Fn;
  readonly energy: Fn;
  readonly eccErrors: Fn;
  readonly processes: Fn;
  readonly processUtilization: Fn;
  readonly remappedRows: Fn;
  readonly pcieReplays: Fn;
  readonly eventSetCreate: Fn;
  readonly registerEvents: Fn;
  readonly eventSetWait: Fn;
  readonly eventSetFree: Fn;
}

let types: ReturnType<typeof defineTypes> | undefined;
function defineTypes() {
  return {
    memory: koffi.struct({
      total: "unsigned long long",
      free: "unsigned long long",
      used: "unsigned long long",
    }),
    utilization: koffi.struct({ gpu: "unsigned int", memory: "unsigned int" }),
    pciInfo: koffi.struct({
      busIdLegacy: koffi.array("char", 16),
      domain: "unsigned int",
      bus: "unsigned int",
      device: "unsigned int",
      pciDeviceId: "unsigned int",
      pciSubSystemId: "unsigned int",
      busId: koffi.array("char", 32),
    }),
    eventData: koffi.struct({
      device: "void *",
      eventType: "unsigned long long",
      eventData: "unsigned long long",
      gpuInstanceId: "unsigned int",
      computeInstanceId: "unsigned int",
    }),
  };
}

/**
 * Loads NVML (`libnvidia-ml.so.1`, `nvml.dll`) and declares the functions the collector calls,
 * with NVML's struct layouts. Newer drivers name the throttle call ClocksEventReasons; older
 * ones only ClocksThrottleReasons, which is used where the new one is missing.
 *
 * @throws Error when the library cannot be loaded (no NVIDIA driver here).
 */
export function loadNvml(libraryPath: string): NvmlFunctions {
  const lib = koffi.load(libraryPath);
  types ??= defineTypes();
  const out = (type: TypeObject | string) => koffi.out(koffi.pointer(type));
  const device = "void *";
  const eventReasons = (() => {
    try {
      return lib.func("nvmlDeviceGetCurrentClocksEventReasons", "int", [
        device,
        out("unsigned long long"),
      ]);
    } catch {
      return lib.func("nvmlDeviceGetCurrentClocksThrottleReasons", "int", [
        device,
        out("unsigned long long"),
      ]);
    }
  })();
  return {
    init: lib.func("nvmlInit_v2", "int", []),
    shutdown: lib.func("nvmlShutdown", "int", []),
    errorString: lib.func("nvmlErrorString", "const char *", ["int"]),
    driverVersion: lib.func("nvmlSystemGetDriverVersion", "int", ["uint8_t *", "unsigned int"]),
    deviceCount: lib.func("nvmlDeviceGetCount_v2", "int", [out("unsigned int")]),
    handleByIndex: lib.func("nvmlDeviceGetHandleByIndex_v2", "int", [
      "unsigned int",
      out("void *"),
    ]),
    uuid: lib.func("nvmlDeviceGetUUID", "int", [device, "uint8_t *", "unsigned int"]),
    name: lib.func("nvmlDeviceGetName", "int", [device, "uint8_t *", "unsigned int"]),
    pciInfo: lib.func("nvmlDeviceGetPciInfo_v3", "int", [device, out(types.pciInfo)]),
    memoryInfo: lib.func("nvmlDeviceGetMemoryInfo", "int", [device, out(types.memory)]),
    utilization: lib.func("nvmlDeviceGetUtilizationRates", "int", [device, out(types.utilization)]),
    temperature: lib.func("nvmlDeviceGetTemperature", "int", [device, "int", out("unsigned int")]),
    powerUsage: lib.func("nvmlDeviceGetPowerUsage", "int", [device, out("unsigned int")]),
    powerLimit: lib.func("nvmlDeviceGetEnforcedPowerLimit", "int", [device, out("unsigned int")]),
    clockInfo: lib.func("nvmlDeviceGetClockInfo", "int", [device, "int", out("unsigned int")]),
    clockEventReasons: eventReasons,
    energy: lib.func("nvmlDeviceGetTotalEnergyConsumption", "int", [
      device,
      out("unsigned long long"),
    ]),
    eccErrors: lib.func("nvmlDeviceGetTotalEccErrors", "int", [
      device,
      "int",
      "int",
      out("unsigned long long"),
    ]),
    processes: lib.func("nvmlDeviceGetComputeRunningProcesses_v3", "int", [
      device,
      koffi.inout(koffi.pointer("unsigned int")),
      "uint8_t *",
    ]),
    processUtilization: lib.func("nvmlDeviceGetProcessUtilization", "int", [
      device,
      "uint8_t *",
      koffi.inout(koffi.pointer("unsigned int")),
      "unsigned long long",
    ]),
    remappedRows: lib.func("nvmlDeviceGetRemappedRows", "int", [
      device,
      out("unsigned int"),
      out("unsigned int"),
      out("unsigned int"),
      out("unsigned int"),
    ]),
    pcieReplays: lib.func("nvmlDeviceGetPcieReplayCounter", "int", [device, out("unsigned int")]),
    eventSetCreate: lib.func("nvmlEventSetCreate", "int", [out("void *")]),
    registerEvents: lib.func("nvmlDeviceRegisterEvents", "int", [
      device,
      "unsigned long long",
      "void *",
    ]),
    eventSetWait: lib.func("nvmlEventSetWait_v2", "int", [
      "void *",
      out(types.eventData),
      "unsigned int",
    ]),
    eventSetFree: lib.func("nvmlEventSetFree", "int", ["void *"]),
  };
}

/** Bytes of the buffer handed to nvmlDeviceGetComputeRunningProcesses_v3 (64 processes). */
export const processBufferSize = 64 * processInfoSize;
