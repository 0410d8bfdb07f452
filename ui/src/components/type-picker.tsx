// The profile type: those present in the window first (with their profile counts), then the
// other known types.
import type { TypesResponse } from '../api/types.js';
import { count } from '../format.js';

interface Props {
  id: string;
  value: string;
  types: TypesResponse | undefined;
  only?: readonly string[];
  onChange: (type: string) => void;
}

export function TypePicker({ id, value, types, only, onChange }: Props) {
  const present = new Map((types?.present ?? []).map((t) => [t.type, t]));
  const known = (types?.known.map((k) => k.name) ?? [value]).filter((n) => only === undefined || only.includes(n));
  if (!known.includes(value)) known.unshift(value);
  const ordered = [...known.filter((n) => present.has(n)), ...known.filter((n) => !present.has(n))];
  return (
    <span class="type-picker">
      <label for={id}>type</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {ordered.map((n) => {
          const p = present.get(n);
          return <option key={n} value={n}>{p ? `${n} (${count(p.profiles, 'profile')})` : `${n} (none in window)`}</option>;
        })}
      </select>
    </span>
  );
}
