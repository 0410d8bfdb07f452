// The search box above a table and its flame graph: a function name, or /regexp/ (flame/search.ts).
import type { Ref } from 'preact';

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** The input, for a page that focuses it with its `/` shortcut; the label then shows the key and Escape clears. */
  inputRef?: Ref<HTMLInputElement>;
}

export function SearchBox({ value, onChange, inputRef }: Props) {
  const shortcut = inputRef !== undefined;
  return (
    <div class="search">
      <label for="search">search{shortcut && <> <kbd>/</kbd></>}</label>
      <input id="search" ref={inputRef} type="search" value={value} placeholder="function name, or /regexp/"
        onInput={(e) => onChange(e.currentTarget.value)}
        onKeyDown={shortcut ? (e) => { if (e.key === 'Escape') { onChange(''); e.currentTarget.blur(); } } : undefined} />
    </div>
  );
}
