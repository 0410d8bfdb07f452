// The stacks of a window, exact: the merged window as a pprof file from /api/v1/profile,
// decoded in the browser with the server's own codec.
import { decodeProfile } from '../../../codec/decode.js';
import { pakoGunzipCapped } from '../../../codec/inflate-pako.js';
import { stacksFromProfiles } from '../../../query/from-profile.js';
import type { StackSet } from '../../../query/stack-set.js';
import type { Params } from '../api/client.js';
import { apiFetch, apiUrl } from '../api/client.js';

export async function windowStacks(params: Params, signal: AbortSignal): Promise<StackSet> {
  const res = await apiFetch(apiUrl('profile', params), {}, signal);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return stacksFromProfiles([decodeProfile(bytes, undefined, pakoGunzipCapped)], { granularity: 'function' });
}
