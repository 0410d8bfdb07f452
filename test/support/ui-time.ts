/** RFC 3339 in UTC with seconds, as the UI writes times into its URLs. */
export function isoTime(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A URL path with its query, values encoded. */
export function pathWith(path: string, params: Record<string, string>): string {
  return `${path}?${new URLSearchParams(params).toString()}`;
}
