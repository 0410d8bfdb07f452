// Colours of flame boxes. Normal graphs colour by package (a stable hash of the package name),
// so a package keeps its colour across views and reloads. Diff graphs: red = more in the
// comparison, green = less (or orange / blue in the colour-blind palette), saturation by the
// size of the change relative to the largest change.

export interface Theme {
  dark: boolean;
  text: string;
  mutedBox: string;
  mergedBox: string;
  background: string;
  highlight: string;
  /** Fill of frames that match the search. */
  match: string;
}

/** The package of a Go function name: `regexp/syntax.(*compiler).inst` → `regexp/syntax`. */
function packageOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot > 0 ? name.slice(0, dot) : name;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const cache = new Map<string, string>();

/** A warm-to-cool hue per package, light enough for dark text (light theme) or dark enough for light text. */
export function packageColor(name: string, theme: Theme): string {
  const key = `${theme.dark ? 'd' : 'l'}${packageOf(name)}`;
  let c = cache.get(key);
  if (c === undefined) {
    const h = hash(key.slice(1));
    const hue = (h % 360);
    const sat = 45 + ((h >>> 9) % 25);
    const light = theme.dark ? 30 + ((h >>> 17) % 10) : 70 + ((h >>> 17) % 10);
    c = `hsl(${hue} ${sat}% ${light}%)`;
    cache.set(key, c);
  }
  return c;
}

export type DiffPalette = 'red-green' | 'orange-blue';

/** Hues of more and less in each palette. */
const PALETTE_HUES: Readonly<Record<DiffPalette, { more: number; less: number }>> = {
  'red-green': { more: 0, less: 120 },
  'orange-blue': { more: 30, less: 215 },
};

/** Colour of a change; `ratio` in [-1, 1] (negative: less), 0 is neutral grey. */
export function diffColor(ratio: number, palette: DiffPalette, theme: Theme): string {
  const r = Math.max(-1, Math.min(1, ratio));
  const steps = Math.round(Math.abs(r) * 8) / 8;
  const hue = r >= 0 ? PALETTE_HUES[palette].more : PALETTE_HUES[palette].less;
  const more = r >= 0;
  const sat = Math.round(steps * (more ? 72 : 55));
  const light = theme.dark ? 34 - Math.round(steps * (more ? 2 : 8)) : 84 - Math.round(steps * (more ? 26 : 34));
  return `hsl(${hue} ${sat}% ${light}%)`;
}
