// What to take away from a window: the merged pprof file, and the `go tool pprof` command that
// opens the same window.
import { useState } from 'preact/hooks';
import type { Params } from '../api/client.js';
import { apiFetch, apiUrl } from '../api/client.js';
import { download } from '../flame/export-svg.js';
import { isoTime } from '../time-window.js';

interface Props {
  params: Params;
  fromMs: number;
  toMs: number;
  type: string;
  onError: (e: Error) => void;
}

export function WindowActions(p: Props) {
  const [copied, setCopied] = useState(false);
  const absolute = { ...p.params, from: isoTime(p.fromMs), to: isoTime(p.toMs) };
  const command = `go tool pprof '${location.origin}${apiUrl('profile', absolute)}'`;

  async function downloadProfile(): Promise<void> {
    try {
      const res = await apiFetch(apiUrl('profile', absolute));
      download(`${p.type.replace(/[^A-Za-z0-9_]/g, '_')}.pb.gz`, 'application/octet-stream', await res.arrayBuffer());
    } catch (e) {
      p.onError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      const el = document.getElementById('pprof-command') as HTMLInputElement | null;
      el?.select();
    }
  }

  return (
    <div class="window-actions">
      <button type="button" onClick={downloadProfile}>Download pprof</button>
      <label for="pprof-command">command</label>
      <input id="pprof-command" class="command" readOnly value={command} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
    </div>
  );
}
