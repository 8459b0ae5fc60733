/*
 * A fake libnvidia-ml.so for tests on machines without a GPU. It exports the subset of the
 * NVML API the collector calls, with NVML's signatures, struct layouts and return codes
 * (NVIDIA's NVML API reference), and answers with values the test sets in the environment:
 *
 *   FAKE_NVML_INIT_RESULT    nvmlInit_v2's return code (default 0, NVML_SUCCESS)
 *   FAKE_NVML_GPUS           device count (default 1)
 *   FAKE_NVML_UNSUPPORTED    comma list of fields answering NVML_ERROR_NOT_SUPPORTED:
 *                            memory,utilization,temperature,power,power_limit,clocks,
 *                            clock_events,energy,ecc,processes,process_util,remapped_rows,
 *                            pcie_replay,xid (a GPU whose XID events cannot be watched),
 *                            events (no event API at all)
 *   FAKE_NVML_SLEEP_MS       each nvmlDeviceGetPowerUsage call sleeps this long (a wedged driver)
 *   FAKE_NVML_<FIELD>        values: MEMORY_USED_MIB, MEMORY_TOTAL_MIB, UTIL_GPU, UTIL_MEMORY,
 *                            TEMPERATURE, POWER_MW, POWER_LIMIT_MW, SM_MHZ, MEM_MHZ,
 *                            CLOCK_EVENTS (bitmask), ENERGY_MJ, ECC_UNCORRECTED,
 *                            PROCESSES ("pid:bytes,pid:bytes"),
 *                            PROCESS_UTIL ("pid:sm%:timestamp_us,…": per-process samples;
 *                            nvmlDeviceGetProcessUtilization returns those newer than its
 *                            lastSeenTimeStamp, NVML_ERROR_NOT_FOUND when there are none),
 *                            REMAPPED_ROWS ("correctable,uncorrectable,pending,failure"),
 *                            PCIE_REPLAYS
 *   FAKE_NVML_XID_EVENTS     "gpu:xid,gpu:xid,...": the XID events so far; each is delivered
 *                            once by nvmlEventSetWait_v2, in order, so a test appends to it
 * Every value is read at call time, so a test can change it between samples.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int nvmlReturn_t;
typedef struct nvmlDevice_st *nvmlDevice_t;
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct {
  char busIdLegacy[16];
  unsigned int domain, bus, device, pciDeviceId, pciSubSystemId;
  char busId[32];
} nvmlPciInfo_t;
typedef struct nvmlEventSet_st *nvmlEventSet_t;
typedef struct {
  nvmlDevice_t device;
  unsigned long long eventType;
  unsigned long long eventData;
  unsigned int gpuInstanceId, computeInstanceId;
} nvmlEventData_t;
typedef struct {
  unsigned int pid;
  unsigned long long usedGpuMemory;
  unsigned int gpuInstanceId, computeInstanceId;
} nvmlProcessInfo_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NOT_FOUND 6
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_TIMEOUT 10
#define NVML_EVENT_TYPE_XID 0x8ULL

static int initialized = 0;

static unsigned long long env_u64(const char *name, unsigned long long fallback) {
  const char *value = getenv(name);
  return value && *value ? strtoull(value, NULL, 0) : fallback;
}

static int unsupported(const char *field) {
  const char *list = getenv("FAKE_NVML_UNSUPPORTED");
  if (!list) return 0;
  size_t n = strlen(field);
  for (const char *p = list; (p = strstr(p, field)) != NULL; p += n) {
    if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) return 1;
  }
  return 0;
}

static int device_index(nvmlDevice_t device) { return (int)(size_t)device - 1; }

#define CHECK(field)                                            \
  if (!initialized) return NVML_ERROR_UNINITIALIZED;            \
  if (device_index(device) < 0 || device_index(device) >= (int)env_u64("FAKE_NVML_GPUS", 1)) \
    return NVML_ERROR_INVALID_ARGUMENT;                         \
  if (unsupported(field)) return NVML_ERROR_NOT_SUPPORTED;

nvmlReturn_t nvmlInit_v2(void) {
  nvmlReturn_t result = (nvmlReturn_t)env_u64("FAKE_NVML_INIT_RESULT", 0);
  if (result == NVML_SUCCESS) initialized = 1;
  return result;
}

nvmlReturn_t nvmlShutdown(void) {
  if (!initialized) return NVML_ERROR_UNINITIALIZED;
  initialized = 0;
  return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
  switch (result) {
    case 0: return "Success";
    case 1: return "Uninitialized";
    case 2: return "Invalid Argument";
    case 3: return "Not Supported";
    case 9: return "Driver Not Loaded";
    case 15: return "GPU is lost";
    default: return "Unknown Error";
  }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
  if (!initialized) return NVML_ERROR_UNINITIALIZED;
  snprintf(version, length, "%s", "590.48.01");
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
  if (!initialized) return NVML_ERROR_UNINITIALIZED;
  *count = (unsigned int)env_u64("FAKE_NVML_GPUS", 1);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
  if (!initialized) return NVML_ERROR_UNINITIALIZED;
  if (index >= env_u64("FAKE_NVML_GPUS", 1)) return NVML_ERROR_INVALID_ARGUMENT;
  *device = (nvmlDevice_t)(size_t)(index + 1);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
  CHECK("uuid");
  snprintf(uuid, length, "GPU-fake0000-0000-0000-0000-%012d", device_index(device));
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
  CHECK("name");
  snprintf(name, length, "%s", "NVIDIA H100 80GB HBM3");
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t *pci) {
  CHECK("pci");
  memset(pci, 0, sizeof *pci);
  pci->bus = 0x09 + device_index(device);
  snprintf(pci->busId, sizeof pci->busId, "00000000:%02X:00.0", pci->bus);
  snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "0000:%02X:00.0", pci->bus);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
  CHECK("memory");
  memory->total = env_u64("FAKE_NVML_MEMORY_TOTAL_MIB", 81559) * 1048576ULL;
  memory->used = env_u64("FAKE_NVML_MEMORY_USED_MIB", 19818) * 1048576ULL;
  memory->free = memory->total - memory->used;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
  CHECK("utilization");
  utilization->gpu = (unsigned int)env_u64("FAKE_NVML_UTIL_GPU", 100);
  utilization->memory = (unsigned int)env_u64("FAKE_NVML_UTIL_MEMORY", 11);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, int sensor, unsigned int *temperature) {
  CHECK("temperature");
  if (sensor != 0) return NVML_ERROR_INVALID_ARGUMENT; /* NVML_TEMPERATURE_GPU */
  *temperature = (unsigned int)env_u64("FAKE_NVML_TEMPERATURE", 59);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *milliwatts) {
  CHECK("power");
  unsigned long long sleep_ms = env_u64("FAKE_NVML_SLEEP_MS", 0);
  if (sleep_ms) usleep((useconds_t)(sleep_ms * 1000));
  *milliwatts = (unsigned int)env_u64("FAKE_NVML_POWER_MW", 631950);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *milliwatts) {
  CHECK("power_limit");
  *milliwatts = (unsigned int)env_u64("FAKE_NVML_POWER_LIMIT_MW", 700000);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *mhz) {
  CHECK("clocks");
  if (type == 1) *mhz = (unsigned int)env_u64("FAKE_NVML_SM_MHZ", 1980);        /* NVML_CLOCK_SM */
  else if (type == 2) *mhz = (unsigned int)env_u64("FAKE_NVML_MEM_MHZ", 2619);  /* NVML_CLOCK_MEM */
  else return NVML_ERROR_INVALID_ARGUMENT;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *reasons) {
  CHECK("clock_events");
  *reasons = env_u64("FAKE_NVML_CLOCK_EVENTS", 0);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *millijoules) {
  CHECK("energy");
  *millijoules = env_u64("FAKE_NVML_ENERGY_MJ", 123456789);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, int errorType, int counterType, unsigned long long *count) {
  CHECK("ecc");
  if (errorType != 1 || counterType != 1) return NVML_ERROR_INVALID_ARGUMENT; /* UNCORRECTED, AGGREGATE */
  *count = env_u64("FAKE_NVML_ECC_UNCORRECTED", 0);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *count, nvmlProcessInfo_t *infos) {
  CHECK("processes");
  const char *list = getenv("FAKE_NVML_PROCESSES");
  unsigned int n = 0;
  nvmlProcessInfo_t found[64];
  if (list && *list) {
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", list);
    for (char *item = strtok(copy, ","); item && n < 64; item = strtok(NULL, ",")) {
      unsigned int pid;
      unsigned long long bytes;
      if (sscanf(item, "%u:%llu", &pid, &bytes) == 2) {
        found[n].pid = pid;
        found[n].usedGpuMemory = bytes;
        found[n].gpuInstanceId = found[n].computeInstanceId = 0xFFFFFFFF;
        n++;
      }
    }
  }
  if (*count < n) {
    *count = n;
    return NVML_ERROR_INSUFFICIENT_SIZE;
  }
  memcpy(infos, found, n * sizeof *infos);
  *count = n;
  return NVML_SUCCESS;
}

typedef struct {
  unsigned int pid;
  unsigned long long timeStamp;
  unsigned int smUtil, memUtil, encUtil, decUtil;
} nvmlProcessUtilizationSample_t;

nvmlReturn_t nvmlDeviceGetProcessUtilization(nvmlDevice_t device, nvmlProcessUtilizationSample_t *utilization,
                                             unsigned int *processSamplesCount, unsigned long long lastSeenTimeStamp) {
  CHECK("process_util");
  const char *list = getenv("FAKE_NVML_PROCESS_UTIL");
  unsigned int n = 0;
  nvmlProcessUtilizationSample_t found[256];
  if (list && *list) {
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", list);
    for (char *item = strtok(copy, ","); item && n < 256; item = strtok(NULL, ",")) {
      unsigned int pid, sm;
      unsigned long long at;
      if (sscanf(item, "%u:%u:%llu", &pid, &sm, &at) == 3 && at > lastSeenTimeStamp) {
        found[n] = (nvmlProcessUtilizationSample_t){pid, at, sm, 0, 0, 0};
        n++;
      }
    }
  }
  if (n == 0) return NVML_ERROR_NOT_FOUND;
  if (utilization == NULL || *processSamplesCount < n) {
    *processSamplesCount = n;
    return NVML_ERROR_INSUFFICIENT_SIZE;
  }
  memcpy(utilization, found, n * sizeof *utilization);
  *processSamplesCount = n;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetRemappedRows(nvmlDevice_t device, unsigned int *corrRows, unsigned int *uncRows,
                                       unsigned int *isPending, unsigned int *failureOccurred) {
  CHECK("remapped_rows");
  const char *value = getenv("FAKE_NVML_REMAPPED_ROWS");
  *corrRows = *uncRows = *isPending = *failureOccurred = 0;
  if (value && *value) sscanf(value, "%u,%u,%u,%u", corrRows, uncRows, isPending, failureOccurred);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPcieReplayCounter(nvmlDevice_t device, unsigned int *value) {
  CHECK("pcie_replay");
  *value = (unsigned int)env_u64("FAKE_NVML_PCIE_REPLAYS", 0);
  return NVML_SUCCESS;
}

static unsigned long long registered = 0; /* bit per GPU index registered for XID events */
static unsigned int delivered = 0;        /* events of FAKE_NVML_XID_EVENTS handed out */

nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t *set) {
  if (!initialized) return NVML_ERROR_UNINITIALIZED;
  if (unsupported("events")) return NVML_ERROR_NOT_SUPPORTED;
  registered = 0;
  delivered = 0;
  *set = (nvmlEventSet_t)(size_t)1;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t device, unsigned long long eventTypes, nvmlEventSet_t set) {
  CHECK("xid");
  if (set != (nvmlEventSet_t)(size_t)1 || eventTypes != NVML_EVENT_TYPE_XID) return NVML_ERROR_INVALID_ARGUMENT;
  registered |= 1ULL << device_index(device);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
  if (!initialized) return NVML_ERROR_UNINITIALIZED;
  if (set != (nvmlEventSet_t)(size_t)1) return NVML_ERROR_INVALID_ARGUMENT;
  const char *list = getenv("FAKE_NVML_XID_EVENTS");
  if (list && *list) {
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", list);
    unsigned int n = 0;
    for (char *item = strtok(copy, ","); item; item = strtok(NULL, ","), n++) {
      unsigned int gpu;
      unsigned long long xid;
      if (n < delivered || sscanf(item, "%u:%llu", &gpu, &xid) != 2) continue;
      delivered = n + 1;
      if (!(registered & (1ULL << gpu))) continue; /* events of unwatched GPUs never arrive */
      memset(data, 0, sizeof *data);
      data->device = (nvmlDevice_t)(size_t)(gpu + 1);
      data->eventType = NVML_EVENT_TYPE_XID;
      data->eventData = xid;
      data->gpuInstanceId = data->computeInstanceId = 0xFFFFFFFF;
      return NVML_SUCCESS;
    }
  }
  usleep((useconds_t)((timeoutms < 20 ? timeoutms : 20) * 1000));
  return NVML_ERROR_TIMEOUT;
}

nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t set) {
  if (set != (nvmlEventSet_t)(size_t)1) return NVML_ERROR_INVALID_ARGUMENT;
  registered = 0;
  return NVML_SUCCESS;
}
