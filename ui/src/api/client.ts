// The one way the UI talks to the server: the public API under /api/v1. Errors carry the API's
// own message and code; a 401 asks the user for the token and retries once it is given.
import { askForToken, currentToken } from './token.js';

/** An answer of the API that is not 2xx, with the API's message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Params = Record<string, string | number | boolean | undefined>;

/** `/api/v1/<path>?<params>` with empty values left out. */
export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `/api/v1/${path}${s === '' ? '' : `?${s}`}`;
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: string; message?: string };
    return new ApiError(res.status, body.error ?? `HTTP_${res.status}`, body.message ?? text);
  } catch {
    return new ApiError(res.status, `HTTP_${res.status}`, text.trim() === '' ? `the server answered ${res.status} ${res.statusText}` : text.slice(0, 300));
  }
}

/** fetch with the bearer token; a 401 prompts for a token and retries while the user gives one. */
export async function apiFetch(url: string, init: RequestInit = {}, signal?: AbortSignal): Promise<Response> {
  for (;;) {
    const headers = new Headers(init.headers);
    const token = currentToken();
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers, signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(0, 'FW_SERVER_UNREACHABLE', `cannot reach the flamewatch server: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (res.ok) return res;
    const error = await errorOf(res);
    if (res.status === 401 && (await askForToken(error.message))) continue;
    throw error;
  }
}

/** GET a JSON answer. */
export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const res = await apiFetch(apiUrl(path, params), {}, signal);
  return (await res.json()) as T;
}

/** POST/PATCH/DELETE with a JSON body; answers the JSON body, or undefined for 204. */
export async function sendJson<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T | undefined> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await apiFetch(apiUrl(path), init);
  return res.status === 204 ? undefined : ((await res.json()) as T);
}
