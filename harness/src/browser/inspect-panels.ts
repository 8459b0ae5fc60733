import type { Page } from "playwright-core";

/** What a person would check of one panel on the page. */
export interface PanelReport {
  readonly title: string;
  readonly type: string;
  /** `data`, `empty`, `error`, `unsupported` or `loading`, as the page marks it. */
  readonly state: string;
  /** Opaque pixels of its canvases in a saturated colour (series, cells), not grey axes, text or edges. */
  readonly coloredPixels: number;
  readonly tableRows: number;
  readonly statValues: readonly string[];
  readonly legend: readonly string[];
  readonly yAxes: number;
  /** Errors, "No data" or the unsupported placeholder's text. */
  readonly message: string;
}

/** Reads every panel of the dashboard page in the browser. */
export function inspectPanels(page: Page): Promise<PanelReport[]> {
  return page.$$eval(".panel", (panels) =>
    panels.map((panel) => {
      const root = panel as HTMLElement;
      let coloredPixels = 0;
      for (const canvas of root.querySelectorAll("canvas")) {
        const context = canvas.getContext("2d");
        if (!context || canvas.width === 0 || canvas.height === 0) continue;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b, a] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
          if (a >= 128 && Math.max(r, g, b) - Math.min(r, g, b) > 40) coloredPixels += 1;
        }
      }
      const texts = (selector: string) =>
        [...root.querySelectorAll(selector)].map((e) => e.textContent ?? "");
      return {
        title: root.dataset.panelTitle ?? "",
        type: root.dataset.panelType ?? "",
        state: root.dataset.state ?? "",
        coloredPixels,
        tableRows: root.querySelectorAll("tbody tr").length,
        statValues: texts(".stat-value"),
        legend: texts(".legend-item .legend-name"),
        yAxes: Number(root.dataset.yAxes ?? 0),
        message: [...texts(".panel-message"), ...texts(".placeholder")].join(" ").trim(),
      };
    }),
  );
}

/** Whether a panel shows data as a person would see it: lines or cells drawn, rows, values. */
export function panelDrawn(report: PanelReport): boolean {
  if (report.state !== "data") return false;
  if (report.type === "table") return report.tableRows > 0;
  if (report.type === "stat") return report.statValues.some((v) => v !== "–");
  return report.coloredPixels > 10;
}

/**
 * Waits until the page has finished `refreshes` refreshes and no panel is still loading; the
 * time-out says what was awaited.
 */
export async function waitForRefresh(page: Page, refreshes = 1, timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitForFunction(
      (n) =>
        Number(document.body.dataset.refreshes ?? 0) >= n &&
        document.querySelectorAll('.panel[data-state="loading"]').length === 0,
      refreshes,
      { timeout: timeoutMs, polling: 100 },
    );
  } catch (error) {
    throw new Error(
      `the dashboard page did not finish ${refreshes} refresh(es) within ${timeoutMs} ms (${page.url()})`,
      {
        cause: error,
      },
    );
  }
}
