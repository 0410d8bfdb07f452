// The colours of the current theme (light or dark, following the system), read from the CSS
// variables so that canvas drawing and the stylesheet agree.
import { useEffect, useState } from 'preact/hooks';
import type { Theme } from './flame/colors.js';

const query = window.matchMedia('(prefers-color-scheme: dark)');

function readTheme(): Theme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    dark: query.matches, text: v('--flame-text'), mutedBox: v('--flame-muted'), mergedBox: v('--flame-merged'),
    background: v('--bg'), highlight: v('--accent'), match: v('--flame-match'),
  };
}

export function useTheme(): Theme {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    const change = () => setTheme(readTheme());
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  return theme;
}
