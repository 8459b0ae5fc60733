import { z } from "zod";

const gridPos = z.object({
  x: z.number().int().min(0).max(23),
  y: z.number().int().min(0),
  w: z.number().int().min(1).max(24),
  h: z.number().int().min(1),
});

const datasourceRef = z.looseObject({ type: z.string().optional(), uid: z.string().optional() });

const target = z.looseObject({
  refId: z.string().default("A"),
  expr: z.string().default(""),
  legendFormat: z.string().optional(),
  instant: z.boolean().optional(),
  range: z.boolean().optional(),
  format: z.string().optional(),
  hide: z.boolean().optional(),
  interval: z.string().optional(),
  datasource: z.union([datasourceRef, z.string(), z.null()]).optional(),
});

const override = z.looseObject({
  matcher: z.looseObject({ id: z.string(), options: z.unknown().optional() }),
  properties: z.array(z.looseObject({ id: z.string(), value: z.unknown().optional() })).default([]),
});

const fieldConfig = z.looseObject({
  defaults: z
    .looseObject({
      unit: z.string().optional(),
      decimals: z.number().int().min(0).max(20).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      /** What an empty panel says instead of "No data" (Grafana's "No value"). */
      noValue: z.string().optional(),
    })
    .default({}),
  overrides: z.array(override).default([]),
});

const basePanel = z.looseObject({
  id: z.number().int().optional(),
  type: z.string(),
  title: z.string().default(""),
  description: z.string().optional(),
  gridPos,
  datasource: z.union([datasourceRef, z.string(), z.null()]).optional(),
  targets: z.array(target).default([]),
  fieldConfig: fieldConfig.default({ defaults: {}, overrides: [] }),
  options: z.record(z.string(), z.unknown()).optional(),
  transformations: z.array(z.unknown()).optional(),
  collapsed: z.boolean().optional(),
});

const panel = basePanel.extend({ panels: z.array(basePanel).optional() });

const variable = z.looseObject({
  type: z.string(),
  name: z.string().regex(/^\w+$/, "expected a variable name of letters, digits and _"),
  label: z.string().optional(),
  query: z.union([z.string(), z.looseObject({ query: z.string() })]).optional(),
  multi: z.boolean().optional(),
  includeAll: z.boolean().optional(),
  allValue: z.string().nullable().optional(),
  hide: z.number().optional(),
  current: z
    .looseObject({ value: z.union([z.string(), z.array(z.string())]).optional() })
    .optional(),
  options: z.array(z.looseObject({ value: z.string() })).optional(),
});

const annotation = z.looseObject({
  name: z.string(),
  expr: z.string().optional(),
  enable: z.boolean().optional(),
  hide: z.boolean().optional(),
  iconColor: z.string().optional(),
  builtIn: z.number().optional(),
  titleFormat: z.string().optional(),
  textFormat: z.string().optional(),
});

/**
 * The part of Grafana's dashboard model (schema version 41) the viewer reads. Unknown keys are
 * kept, so the support check can name what it does not draw.
 */
export const dashboardSchema = z.looseObject({
  uid: z.string().regex(/^[\w-]{1,40}$/, "expected a Grafana uid: 1–40 letters, digits, - or _"),
  title: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).default([]),
  graphTooltip: z.number().int().min(0).max(2).default(0),
  timezone: z.string().optional(),
  time: z.object({ from: z.string(), to: z.string() }).default({ from: "now-6h", to: "now" }),
  refresh: z.union([z.string(), z.literal(false)]).optional(),
  templating: z.object({ list: z.array(variable).default([]) }).default({ list: [] }),
  annotations: z.object({ list: z.array(annotation).default([]) }).default({ list: [] }),
  panels: z.array(panel).default([]),
});

/** A dashboard as the viewer reads it (validated by {@link dashboardSchema}). */
export type Dashboard = z.output<typeof dashboardSchema>;
export type Panel = Dashboard["panels"][number];
export type Target = Panel["targets"][number];
export type Variable = Dashboard["templating"]["list"][number];
export type Annotation = Dashboard["annotations"]["list"][number];
export type FieldOverride = Panel["fieldConfig"]["overrides"][number];
