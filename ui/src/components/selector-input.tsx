// A label selector, {service="api",env=~"prod|staging"}, with autocomplete of label names
// (from /labels) and of values of the label being typed (from /labels/:name/values): of series
// labels, or with kind "sample" of sample labels (of the selected series and type).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson } from '../api/client.js';

interface Props {
  id: string;
  label: string;
  value: string;
  from?: string;
  to?: string;
  /** Which labels to offer: of series (the default) or of samples. */
  kind?: 'series' | 'sample';
  /** For sample labels: the series selector and type they are of. */
  query?: string;
  type?: string;
  placeholder?: string;
  onInput: (value: string) => void;
  onSubmit?: () => void;
}

type Context = { kind: 'name'; prefix: string; start: number } | { kind: 'value'; label: string; prefix: string; start: number };

/** What is being typed at the cursor: a label name, or the value of a label. */
function contextAt(text: string, cursor: number): Context | undefined {
  const before = text.slice(0, cursor);
  const value = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)\s*"([^"]*)$/.exec(before);
  if (value) return { kind: 'value', label: value[1]!, prefix: value[2]!, start: cursor - value[2]!.length };
  const name = /(?:^|[{,])\s*([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (name && (before.includes('{') || before.trim() === '' || /^[A-Za-z_]/.test(before.trim()))) {
    const prefix = name[1] ?? '';
    return { kind: 'name', prefix, start: cursor - prefix.length };
  }
  return undefined;
}

export function SelectorInput(p: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [names, setNames] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, string[]>>({});
  const [cursor, setCursor] = useState(0);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const scope = { from: p.from ?? 'now-7d', to: p.to, ...(p.kind === 'sample' ? { kind: 'sample', query: p.query, type: p.type } : {}) };
  const scopeKey = JSON.stringify(scope);
  useEffect(() => {
    getJson<string[]>('labels', scope).then(setNames, () => setNames([]));
    setValues({});
  }, [scopeKey]);

  const ctx = open ? contextAt(p.value, cursor) : undefined;
  const wantedLabel = ctx?.kind === 'value' ? ctx.label : undefined;
  useEffect(() => {
    if (wantedLabel === undefined || values[wantedLabel] !== undefined) return;
    getJson<string[]>(`labels/${encodeURIComponent(wantedLabel)}/values`, scope)
      .then((v) => setValues((m) => ({ ...m, [wantedLabel]: v })), () => setValues((m) => ({ ...m, [wantedLabel]: [] })));
  }, [wantedLabel]);

  const options = useMemo(() => {
    if (!ctx) return [];
    const pool = ctx.kind === 'name' ? names : values[ctx.label] ?? [];
    const lower = ctx.prefix.toLowerCase();
    return pool.filter((o) => o.toLowerCase().startsWith(lower) && o !== ctx.prefix).slice(0, 12);
  }, [ctx?.kind, ctx?.prefix, wantedLabel, names, values]);

  function accept(option: string): void {
    if (!ctx) return;
    const el = input.current!;
    let text = p.value;
    let insert = ctx.kind === 'name' ? `${option}="` : `${option}"`;
    if (ctx.kind === 'name' && !text.slice(0, ctx.start).includes('{')) {
      insert = `{${insert}`;
    }
    const after = text.slice(cursor);
    let rest = after;
    if (ctx.kind === 'value' && after.startsWith('"')) rest = after.slice(1);
    text = text.slice(0, ctx.start) + insert + rest;
    if (ctx.kind === 'value' && !text.includes('}')) text += '}';
    const pos = ctx.start + insert.length;
    p.onInput(text);
    setCursor(pos);
    setActive(0);
    requestAnimationFrame(() => { el.focus(); el.setSelectionRange(pos, pos); });
  }

  function onKey(e: KeyboardEvent): void {
    if (open && options.length > 0) {
      if (e.key === 'ArrowDown') { setActive((a) => (a + 1) % options.length); e.preventDefault(); return; }
      if (e.key === 'ArrowUp') { setActive((a) => (a - 1 + options.length) % options.length); e.preventDefault(); return; }
      if (e.key === 'Tab' || (e.key === 'Enter' && options[active] !== undefined && ctx?.prefix !== undefined && ctx.prefix !== '' )) {
        accept(options[Math.min(active, options.length - 1)]!);
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape') { setOpen(false); e.preventDefault(); e.stopPropagation(); return; }
    }
    if (e.key === 'Enter') { setOpen(false); p.onSubmit?.(); }
  }

  const listId = `${p.id}-options`;
  return (
    <div class="selector">
      <label for={p.id}>{p.label}</label>
      <input
        id={p.id} ref={input} type="text" spellcheck={false} autoComplete="off" value={p.value}
        placeholder={p.placeholder ?? '{service="api",env="prod"} — empty selects all'}
        role="combobox" aria-expanded={open && options.length > 0} aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={open && options.length > 0 ? `${listId}-${Math.min(active, options.length - 1)}` : undefined}
        onInput={(e) => { const el = e.currentTarget; p.onInput(el.value); setCursor(el.selectionStart ?? el.value.length); setOpen(true); setActive(0); }}
        onKeyDown={onKey}
        onKeyUp={(e) => setCursor(e.currentTarget.selectionStart ?? 0)}
        onClick={(e) => { setCursor(e.currentTarget.selectionStart ?? 0); setOpen(true); }}
        onFocus={(e) => { setCursor(e.currentTarget.selectionStart ?? 0); setOpen(true); }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {open && options.length > 0 && (
        <ul id={listId} class="autocomplete" role="listbox" aria-label={ctx?.kind === 'name' ? 'label names' : `values of ${wantedLabel}`}>
          {options.map((o, i) => (
            <li
              id={`${listId}-${i}`} key={o} role="option" aria-selected={i === active} class={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); accept(o); }}
            >{o}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
