import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Paths of the web UI's pages: each answers index.html and the UI picks the page. */
export const UI_PAGES: readonly string[] = Object.freeze(['/', '/labels', '/diff', '/heap', '/targets', '/local']);

/**
 * Only this origin's own scripts, styles, images and API calls; no inline scripts or styles
 * (element.style set from scripts is CSSOM, which `style-src 'self'` allows), no frames, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "connect-src 'self'",
  "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** Where `vite build` writes the UI: dist/ui, beside this file's folder (dist/api). */
export function defaultUiRoot(): string {
  return fileURLToPath(new URL('../ui/', import.meta.url)).replace(/[\\/]+$/, '');
}

function uiHeaders(reply: FastifyReply, path: string, root: string): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  if (path.startsWith(`${root}${sep}assets${sep}`)) {
    // Vite puts a content hash in every name under assets/: the bytes of a name never change.
    reply.header('cache-control', 'public, max-age=31536000, immutable');
  } else {
    reply.header('cache-control', 'no-cache');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  }
}

/**
 * Serves the built web UI (`npm run build` → dist/ui) at `/`: one route per file (so unknown
 * paths, `/api/...` included, still get the JSON 404), the pages' paths answering index.html,
 * pre-compressed .br / .gz variants chosen by Accept-Encoding, immutable caching for hashed
 * assets, no-cache and a strict Content-Security-Policy for the rest. Open to everyone (the UI
 * asks for the token itself) and not rate limited. Without a built UI, nothing is registered.
 */
export async function registerStaticUi(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? defaultUiRoot();
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'web UI not built (run npm run build); serving the API only');
    return;
  }
  await app.register(fastifyStatic, {
    root, prefix: '/', wildcard: false, index: false, preCompressed: true, cacheControl: false, etag: true, lastModified: true,
    globIgnore: ['**/*.gz', '**/*.br'], schemaHide: true,
    setHeaders: (reply, path) => uiHeaders(reply, path, root),
  });
  for (const page of UI_PAGES) {
    app.get(page, { schema: { hide: true }, config: { access: 'open' } }, function uiPage(_request, reply) {
      return reply.sendFile('index.html');
    });
  }
}
