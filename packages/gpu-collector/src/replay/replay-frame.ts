import { clockEventReasons } from "@trainwatch/catalog";
import { z } from "zod";

const optionalNumber = z.number().finite().optional();

/** One GPU in a replay frame: a GpuReading as JSON. */
export const gpuReadingSchema = z
  .object({
    index: z.number().int().min(0),
    uuid: z.string().min(1),
    name: z.string(),
    driverVersion: z.string(),
    pciBusId: z.string(),
    memoryUsedBytes: optionalNumber,
    memoryTotalBytes: optionalNumber,
    utilizationRatio: optionalNumber,
    memoryUtilizationRatio: optionalNumber,
    temperatureCelsius: optionalNumber,
    powerDrawWatts: optionalNumber,
    powerLimitWatts: optionalNumber,
    smClockHertz: optionalNumber,
    memoryClockHertz: optionalNumber,
    clockEvents: z.partialRecord(z.enum(clockEventReasons), z.boolean()).optional(),
    energyJoules: optionalNumber,
    eccErrorsUncorrected: optionalNumber,
    remappedRows: z
      .object({
        correctable: z.number().int().min(0),
        uncorrectable: z.number().int().min(0),
        pending: z.boolean(),
        failed: z.boolean(),
      })
      .strict()
      .optional(),
    pcieReplays: optionalNumber,
    xidErrors: z.record(z.string().regex(/^\d+$/), z.number().int().min(0)).optional(),
    processes: z.array(
      z.object({
        pid: z.number().int().positive(),
        memoryUsedBytes: optionalNumber,
        smUtilizationRatio: z.number().min(0).max(1).optional(),
      }),
    ),
  })
  .strict();

/** One line of a replay file: the GPUs as they were `t` seconds into the recording. */
export const replayFrameSchema = z
  .object({ t: z.number().min(0), gpus: z.array(gpuReadingSchema) })
  .strict();
export type ReplayFrame = z.infer<typeof replayFrameSchema>;
