/**
 * The rule every free-ish label value of trainwatch follows (job and task names, stop
 * reasons): a short name, never free text, so label values stay bounded.
 */
export const boundedLabelValue = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
  description: "a name of letters, digits and _.:- (at most 64)",
} as const;
