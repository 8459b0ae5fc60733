/** Grafana's classic palette, which series take in turn. */
export const palette = [
  "#7EB26D",
  "#EAB839",
  "#6ED0E0",
  "#EF843C",
  "#E24D42",
  "#1F78C1",
  "#BA43A9",
  "#705DA0",
  "#508642",
  "#CCA300",
  "#447EBC",
  "#C15C17",
  "#890F02",
  "#0A437C",
  "#6D1F62",
  "#584477",
] as const;

/** The colour of the `index`-th series. */
export const seriesColor = (index: number): string => palette[index % palette.length] as string;

/** Text and grid colours of the dark theme the page uses. */
export const theme = {
  text: "#ccccdc",
  axis: "#8e8e9e",
  grid: "rgba(204, 204, 220, 0.12)",
  background: "#181b1f",
  tooltip: "#22252b",
} as const;

/** Grafana's named colours as it draws them on a dark theme; any other CSS colour as it is. */
const namedColors: Readonly<Record<string, string>> = {
  green: "#73BF69",
  red: "#F2495C",
  yellow: "#FADE2A",
  orange: "#FF9830",
  blue: "#5794F2",
  purple: "#B877D9",
  transparent: "rgba(0,0,0,0)",
  text: "#ccccdc",
};

/** A colour as a dashboard names it (`red`, `#ff0000`, `rgb(…)`) in CSS. */
export const grafanaColor = (name: string): string => namedColors[name] ?? name;
