/**
 * The device inventory as the UI sees it: a Map by id, filled by `devices:list` and kept live by
 * `devices:changed`, plus the filtered and sorted rows the table renders.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive } from 'vue';
import type { Device, EventPayloads } from '../contract';
import { useBridge, type Unsubscribe } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';
import { anyFacet, noFacets, type FacetKey, type Facets } from './device-facets';
import { buildRows, type SortKey, type SortSpec } from './device-rows';
import { useScanStore } from './scan';
import { useSelectionStore } from './selection';

export const useDevicesStore = defineStore('devices', () => {
  const bridge = useBridge();
  const scan = useScanStore();
  // Shallow: a Device is replaced whole on every update, so deep reactivity would only cost time.
  const byId = shallowReactive(new Map<string, Device>());
  const filter = ref('');
  const facets = ref<Facets>(noFacets());
  const sort = ref<SortSpec>({ key: 'ip', dir: 'asc' });
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<UiError | null>(null);
  /** Rows merged away -> the row they were folded into, so an id held by a view still finds it. */
  const mergedInto = new Map<string, string>();
  let unsubscribe: Unsubscribe | null = null;

  const total = computed(() => byId.size);
  const rows = computed(() =>
    buildRows(byId.values(), {
      filter: filter.value,
      facets: facets.value,
      sort: sort.value,
      scan: scan.progress,
    }),
  );
  /** Whether anything narrows the list (the count then reads "N of M"). */
  const filtered = computed(() => filter.value.trim() !== '' || anyFacet(facets.value));

  /** Newer facts win: a list answer that raced with live events must not roll a device back. */
  function upsert(device: Device): void {
    const known = byId.get(device.id);
    if (known && Date.parse(known.lastSeen) > Date.parse(device.lastSeen)) return;
    byId.set(device.id, device);
  }

  /**
   * A row is gone: two rows proved to be one device. A tick on it moves to the survivor, and the
   * old id keeps resolving (an open details panel or a flow page shows the survivor).
   */
  function remove(id: string, into?: string): void {
    byId.delete(id);
    if (!into || into === id) return;
    mergedInto.set(id, into);
    const selection = useSelectionStore();
    if (selection.has(id)) {
      selection.toggle(id, false);
      selection.toggle(into, true);
    }
  }

  function onChanged(payload: EventPayloads['devices:changed']): void {
    if (payload.change === 'removed') return remove(payload.device.id, payload.mergedInto);
    mergedInto.delete(payload.device.id); // an address-only id can come back as a new row
    upsert(payload.device);
  }

  /** Starts following live changes. Idempotent. */
  function subscribe(): void {
    unsubscribe ??= bridge.on('devices:changed', onChanged);
  }

  function unsubscribeAll(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  /** Loads (or re-syncs after a reconnect) the whole list. Errors land in `error`. */
  async function load(): Promise<void> {
    loading.value = true;
    try {
      const list = await bridge.api['devices:list']();
      // A row merged away while the list was on its way stays gone.
      for (const device of list) if (!mergedInto.has(device.id)) upsert(device);
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toUiError(err);
    } finally {
      loading.value = false;
    }
  }

  /** The id a row is known by now: itself, or the row it was merged into. */
  function resolve(id: string): string {
    let current = id;
    for (let hops = 0; !byId.has(current) && mergedInto.has(current) && hops < 16; hops++) {
      current = mergedInto.get(current)!;
    }
    return current;
  }

  function get(id: string): Device | undefined {
    return byId.get(id) ?? byId.get(resolve(id));
  }

  /** Header click: a new column sorts ascending, the same column flips direction. */
  function toggleSort(key: SortKey): void {
    sort.value =
      sort.value.key === key
        ? { key, dir: sort.value.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: 'asc' };
  }

  function setFilter(value: string): void {
    filter.value = value;
  }

  /** Sets one facet (null clears it); the object is replaced so watchers see one change. */
  function setFacet<K extends FacetKey>(key: K, value: Facets[K]): void {
    facets.value = { ...facets.value, [key]: value };
  }

  /** Clears the text search and every facet. */
  function clearFilters(): void {
    filter.value = '';
    facets.value = noFacets();
  }

  return {
    byId,
    filter,
    facets,
    filtered,
    sort,
    loaded,
    loading,
    error,
    total,
    rows,
    upsert,
    remove,
    resolve,
    subscribe,
    unsubscribe: unsubscribeAll,
    load,
    get,
    toggleSort,
    setFilter,
    setFacet,
    clearFilters,
  };
});
