// Browser stand-in for `node:path`, covering what query/printable-name.ts uses: POSIX basename
// and normalize with Node's rules.

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '' : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function normalize(path: string): string {
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  const trailing = path.endsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  let result = out.join('/');
  if (result === '' && !absolute) result = '.';
  if (trailing && result !== '' && result !== '.') result += '/';
  else if (trailing && result === '.' ) result = './';
  return absolute ? `/${result}` : result;
}

export const posix = { basename, normalize };
