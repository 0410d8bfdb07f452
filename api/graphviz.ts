import { spawn } from 'node:child_process';
import { GraphvizMissing } from '../common/errors.js';

/** Renders DOT as SVG with Graphviz's `dot` (Debian package graphviz); FW_GRAPHVIZ_MISSING when it is not installed. */
export function renderSvg(dot: string, program = 'dot'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['-Tsvg'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new GraphvizMissing() : e));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`dot exited with ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.on('error', () => { /* reported by 'error' or 'close' */ });
    child.stdin.end(dot);
  });
}
