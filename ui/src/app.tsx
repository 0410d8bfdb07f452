// The page frame: navigation, the token dialog, and the page for the current path.
import type { ComponentChildren } from 'preact';
import { useEffect, useErrorBoundary, useRef, useState } from 'preact/hooks';
import { onTokenNeeded, setToken } from './api/token.js';
import { followLink, useLocation } from './router.js';
import { DiffPage } from './views/diff.js';
import { ExplorePage } from './views/explore.js';
import { HeapPage } from './views/heap.js';
import { LabelsPage } from './views/labels.js';
import { LocalPage } from './views/local.js';
import { ErrorBox } from './components/error-box.js';
import { TargetsPage } from './views/targets.js';

const PAGES = [
  { path: '/', label: 'Explore' }, { path: '/labels', label: 'Labels' }, { path: '/diff', label: 'Diff' }, { path: '/heap', label: 'Heap' },
  { path: '/targets', label: 'Targets' }, { path: '/local', label: 'Local files' },
] as const;

function TokenDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [message, setMessage] = useState('');
  const [value, setValue] = useState('');
  const answer = useRef<(ok: boolean) => void>(() => {});
  useEffect(() => {
    onTokenNeeded((msg) => new Promise<boolean>((resolve) => {
      answer.current(false);
      answer.current = resolve;
      setMessage(msg);
      setValue('');
      if (!dialog.current!.open) dialog.current!.showModal();
    }));
  }, []);
  const close = (ok: boolean) => {
    if (ok) setToken(value.trim());
    dialog.current!.close();
    answer.current(ok && value.trim() !== '');
    answer.current = () => {};
  };
  return (
    <dialog ref={dialog} class="token-dialog" aria-labelledby="token-title" onCancel={() => close(false)}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); close(true); }}>
        <h2 id="token-title">This server needs a token</h2>
        <p>{message}</p>
        <p>Enter the server's <code>FLAMEWATCH_TOKEN</code> (writes) or <code>FLAMEWATCH_READ_TOKEN</code> (reads). It is kept for this tab only.</p>
        <label for="token-input">token</label>
        <input id="token-input" type="password" autoComplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        <div class="buttons">
          <button type="submit">Use token</button>
          <button type="button" onClick={() => close(false)}>Cancel</button>
        </div>
      </form>
    </dialog>
  );
}

/** Shows what failed instead of a blank page when a page throws while rendering. */
function Guard({ children, path }: { children: ComponentChildren; path: string }) {
  const [error, reset] = useErrorBoundary();
  useEffect(() => { if (error) reset(); }, [path]);
  if (error) return <ErrorBox error={error instanceof Error ? error : new Error(String(error))} what="this page" />;
  return <>{children}</>;
}

export function App() {
  const { path, params } = useLocation();
  const page = PAGES.find((p) => p.path === path);
  useEffect(() => {
    document.title = `${page?.label ?? 'Not found'} · flamewatch`;
  }, [path]);
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/" onClick={followLink}>flamewatch</a>
        <nav aria-label="pages">
          {PAGES.map((p) => (
            <a key={p.path} href={p.path} onClick={followLink} aria-current={p.path === path ? 'page' : undefined}>{p.label}</a>
          ))}
        </nav>
      </header>
      <main id="main">
        <Guard path={path}>
        {path === '/' && <ExplorePage params={params} />}
        {path === '/labels' && <LabelsPage params={params} />}
        {path === '/diff' && <DiffPage params={params} />}
        {path === '/heap' && <HeapPage params={params} />}
        {path === '/targets' && <TargetsPage />}
        {path === '/local' && <LocalPage />}
        {page === undefined && (
          <div class="empty-state"><h2>No page here</h2><p><a href="/" onClick={followLink}>Go to Explore</a>.</p></div>
        )}
        </Guard>
      </main>
      <TokenDialog />
    </>
  );
}
