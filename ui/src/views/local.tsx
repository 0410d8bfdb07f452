// Local files (/local): drop or pick one or two pprof files (.pb.gz or .pb) and read them in the
// browser, nothing uploaded — decoded by the server's own codec and analysed by its own query
// code, so the numbers equal `flamewatch top` on the same files. Two files give a diff.
import { useMemo, useState } from 'preact/hooks';
import { decodeProfile } from '../../../codec/decode.js';
import { pakoGunzipCapped } from '../../../codec/inflate-pako.js';
import type { Profile } from '../../../codec/profile.js';
import { diffStacks } from '../../../query/diff.js';
import { flameGraph } from '../../../query/flame.js';
import { sampleTypeIndex } from '../../../codec/sample-types.js';
import { stacksFromProfiles } from '../../../query/from-profile.js';
import type { Granularity } from '../../../query/stack-set.js';
import { top } from '../../../query/top.js';
import { DiffLegend } from '../components/diff-legend.js';
import { DiffTable } from '../components/diff-table.js';
import { ErrorBox } from '../components/error-box.js';
import { FlamePanel } from '../components/flame-panel.js';
import { SearchBox } from '../components/search-box.js';
import { TopTable } from '../components/top-table.js';
import { flattenTree, heaviestNamed } from '../flame/flat-tree.js';
import { deltaOf } from '../flame/paint.js';
import { matcherOf, searchTree } from '../flame/search.js';
import { formatValue } from '../format.js';
import { useTheme } from '../theme.js';

interface Loaded { name: string; profile: Profile }

async function readFiles(files: File[]): Promise<Loaded[]> {
  const out: Loaded[] = [];
  for (const f of files.slice(0, 2)) {
    try {
      out.push({ name: f.name, profile: decodeProfile(new Uint8Array(await f.arrayBuffer()), undefined, pakoGunzipCapped) });
    } catch (err) {
      throw new Error(`${f.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

function SingleFile({ file, sampleType, granularity }: { file: Loaded; sampleType: string; granularity: Granularity }) {
  const [search, setSearch] = useState('');
  const [focus, setFocus] = useState('');
  const [zoom, setZoom] = useState(0);
  const stacks = useMemo(() => stacksFromProfiles([file.profile], { sampleIndex: sampleType, granularity }), [file, sampleType, granularity]);
  const table = useMemo(() => top(stacks), [stacks]);
  const tree = useMemo(() => flattenTree(flameGraph(stacks).root), [stacks]);
  const matcher = useMemo(() => matcherOf(search), [search]);
  const result = useMemo(() => (matcher ? searchTree(tree, matcher) : undefined), [matcher, tree]);
  return (
    <div class="columns">
      <div class="left">
        <SearchBox value={search} onChange={setSearch} />
        <TopTable rows={table.rows} unit={table.unit} total={table.total} filter={matcher} focus={focus}
          caption={`Top of ${file.name} (${table.type}, total ${formatValue(table.total, table.unit)})`}
          onFocus={(name) => { setFocus(name); setZoom(Math.max(0, heaviestNamed(tree, name))); }} />
      </div>
      <div class="right">
        <FlamePanel tree={tree} unit={table.unit} total={table.total} label={`Flame graph of ${file.name}`} zoom={zoom}
          onZoom={(n) => { setZoom(n); setFocus(n === 0 ? '' : tree.names[n]!); }} search={result} pageKeys fileName={`${file.name}.svg`} />
      </div>
    </div>
  );
}

function TwoFiles({ base, current, sampleType, granularity }: { base: Loaded; current: Loaded; sampleType: string; granularity: Granularity }) {
  const [normalize, setNormalize] = useState(false);
  const [zoom, setZoom] = useState(0);
  const theme = useTheme();
  const d = useMemo(() => diffStacks(
    stacksFromProfiles([base.profile], { sampleIndex: sampleType, granularity }),
    stacksFromProfiles([current.profile], { sampleIndex: sampleType, granularity }), { normalize },
  ), [base, current, sampleType, granularity, normalize]);
  const tree = useMemo(() => flattenTree(d.root), [d]);
  const fullScale = useMemo(() => { let m = 0; for (let i = 1; i < tree.count; i++) m = Math.max(m, Math.abs(deltaOf(tree, i))); return m; }, [tree]);
  const style = useMemo(() => ({ palette: 'red-green' as const, fullScale }), [fullScale]);
  return (
    <>
      <div class="summary">
        <span>Base <strong>{base.name}</strong> {formatValue(d.base.total, d.unit)}</span>
        <span>Comparison <strong>{current.name}</strong> {formatValue(d.current.total, d.unit)}</span>
        <span role="group" aria-label="values">
          <button type="button" aria-pressed={!normalize} onClick={() => setNormalize(false)}>absolute</button>
          <button type="button" aria-pressed={normalize} onClick={() => setNormalize(true)}>normalized</button>
        </span>
      </div>
      <div class="columns">
        <div class="left"><DiffTable rows={d.rows} unit={d.unit} /></div>
        <div class="right">
          <DiffLegend fullScale={fullScale} unit={d.unit} palette="red-green" theme={theme} />
          <FlamePanel tree={tree} unit={d.unit} total={d.current.total} label={`Diff of ${current.name} against ${base.name}`} zoom={zoom} onZoom={setZoom}
            diff={style} pageKeys fileName="diff.svg" />
        </div>
      </div>
    </>
  );
}

export function LocalPage() {
  const [files, setFiles] = useState<Loaded[]>([]);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [over, setOver] = useState(false);
  const [sampleType, setSampleType] = useState('');
  const [granularity, setGranularity] = useState<Granularity>('function');
  const [swapped, setSwapped] = useState(false);

  async function take(list: FileList | null | undefined): Promise<void> {
    if (!list || list.length === 0) return;
    setError(undefined);
    try {
      const loaded = await readFiles([...list]);
      setFiles(loaded);
      setSwapped(false);
      const p = loaded[0]!.profile;
      setSampleType(p.sampleTypes[sampleTypeIndex(p.sampleTypes, p.defaultSampleType)]!.type);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  const first = files[0];
  const pair = files.length === 2 ? (swapped ? [files[1]!, files[0]!] : [files[0]!, files[1]!]) : undefined;
  return (
    <div class="page local">
      <div
        class={`drop-zone${over ? ' over' : ''}`} role="region" aria-label="drop pprof files here"
        onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); void take(e.dataTransfer?.files); }}
      >
        <p><strong>Drop one or two pprof files here</strong> (<code>.pb.gz</code> or <code>.pb</code>), or{' '}
          <label class="file-pick" for="local-files">choose files</label>
          <input id="local-files" type="file" multiple accept=".pb,.gz,.pprof,application/octet-stream" onChange={(e) => void take(e.currentTarget.files)} />.
        </p>
        <p class="muted">They are read in this browser and never uploaded. One file: its top table and flame graph; two files: the second compared with the first.</p>
      </div>
      {error && <ErrorBox error={error} what="the file" />}
      {first && (
        <div class="local-controls">
          <label for="local-type">sample type</label>
          <select id="local-type" value={sampleType} onChange={(e) => setSampleType(e.currentTarget.value)}>
            {first.profile.sampleTypes.map((t) => <option key={t.type} value={t.type}>{t.type} ({t.unit})</option>)}
          </select>
          <span role="group" aria-label="granularity">
            <button type="button" aria-pressed={granularity === 'function'} onClick={() => setGranularity('function')}>functions</button>
            <button type="button" aria-pressed={granularity === 'line'} onClick={() => setGranularity('line')}>lines</button>
          </span>
          {pair && <button type="button" onClick={() => setSwapped(!swapped)}>Swap base and comparison</button>}
        </div>
      )}
      {first && !pair && <SingleFile file={first} sampleType={sampleType} granularity={granularity} />}
      {pair && <TwoFiles base={pair[0]} current={pair[1]} sampleType={sampleType} granularity={granularity} />}
    </div>
  );
}
