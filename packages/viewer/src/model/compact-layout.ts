/** A box on Grafana's 24-column grid, in grid units. */
export interface GridBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const collides = (a: GridBox, b: GridBox) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Places boxes as Grafana's grid does (vertical compaction): taken in order of `y`, then `x`,
 * each moves up as far as it can without overlapping one placed before it. Returns the new
 * boxes in the input's order.
 */
export function compactLayout<T extends GridBox>(boxes: readonly T[]): T[] {
  const order = boxes.map((box, index) => ({ box, index }));
  order.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const placed: GridBox[] = [];
  const result: T[] = new Array(boxes.length);
  for (const { box, index } of order) {
    let y = Math.max(0, box.y);
    while (y > 0 && !placed.some((p) => collides(p, { ...box, y: y - 1 }))) y -= 1;
    while (placed.some((p) => collides(p, { ...box, y }))) y += 1;
    const moved = { ...box, y };
    placed.push(moved);
    result[index] = moved;
  }
  return result;
}
