/**
 * The device inventory as the UI sees it: a Map by id, filled by `devices:list` and kept live by
 * `devices:changed`, plus the filtered and sorted rows the table renders.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive } from 'vue';
import type { Device } from '../contract';
import { useBridge, type Unsubscribe } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';
import { anyFacet, noFacets, type FacetKey, type Facets } from './device-facets';
import { buildRows, type SortKey, type SortSpec } from './device-rows';
import { useScanStore } from './scan';

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

  /** Starts following live changes. Idempotent. */
  function subscribe(): void {
    unsubscribe ??= bridge.on('devices:changed', ({ device }) => upsert(device));
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
      for (const device of list) upsert(device);
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toUiError(err);
    } finally {
      loading.value = false;
    }
  }

  function get(id: string): Device | undefined {
    return byId.get(id);
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
