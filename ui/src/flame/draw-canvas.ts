// Draws a plan on a 2D canvas: boxes batched by fill (one path per colour), labels only where
// they fit.
import type { FlatTree } from './flat-tree.js';
import type { Painter } from './paint.js';
import { FONT, ROW_HEIGHT, boxName, fitLabel, rowTop } from './paint.js';
import type { Plan } from './plan.js';

export interface CanvasTarget {
  ctx: CanvasRenderingContext2D;
  width: number;
  rows: number;
  up: boolean;
  textColor: string;
}

let charWidthCache: number | undefined;

export function charWidth(ctx: CanvasRenderingContext2D): number {
  if (charWidthCache === undefined) {
    ctx.font = FONT;
    charWidthCache = ctx.measureText('0123456789').width / 10;
  }
  return charWidthCache;
}

export function drawPlan(t: FlatTree, plan: Plan, paint: Painter, target: CanvasTarget): void {
  const { ctx, width, rows, up } = target;
  ctx.clearRect(0, 0, width, rows * ROW_HEIGHT);
  const byFill = new Map<string, number[]>();
  for (const b of plan.boxes) {
    const fill = paint(b);
    let list = byFill.get(fill);
    if (list === undefined) byFill.set(fill, (list = []));
    list.push(b.x, rowTop(b.row, rows, up), b.w > 3 ? b.w - 1 : b.w);
  }
  for (const [fill, list] of byFill) {
    ctx.fillStyle = fill;
    ctx.beginPath();
    for (let i = 0; i < list.length; i += 3) ctx.rect(list[i]!, list[i + 1]!, list[i + 2]!, ROW_HEIGHT - 1);
    ctx.fill();
  }
  const cw = charWidth(ctx);
  ctx.font = FONT;
  ctx.fillStyle = target.textColor;
  ctx.textBaseline = 'middle';
  for (const b of plan.boxes) {
    if (b.w < cw * 3 + 6) continue;
    const label = fitLabel(boxName(t, b), b.w, cw);
    if (label !== '') ctx.fillText(label, b.x + 3, rowTop(b.row, rows, up) + ROW_HEIGHT / 2);
  }
}
