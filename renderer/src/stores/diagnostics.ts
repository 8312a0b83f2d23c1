/**
 * The network doctor's data: what each interface sent and received in the last scan, the replies
 * that could not be read, and the hints. Loaded when the doctor opens, on its refresh button, and
 * again each time a scan ends while the doctor is open (the numbers are final only then).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Diagnostics, ScanProgress } from '../contract';
import { useBridge, type Unsubscribe } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';

export const useDiagnosticsStore = defineStore('diagnostics', () => {
  const bridge = useBridge();
  const data = shallowRef<Diagnostics | null>(null);
  const loading = ref(false);
  const error = ref<UiError | null>(null);
  /** When the data on screen was fetched (ISO), so a person can tell it is current. */
  const loadedAt = ref<string | null>(null);
  let followers = 0;
  let offProgress: Unsubscribe | null = null;
  /** The last scan whose end triggered a reload: repeated end events must not reload again. */
  let endedScanId: string | null = null;
  /** Bumped per load: when two overlap, only the newest answer is kept. */
  let generation = 0;

  const loaded = computed(() => data.value !== null);

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const next = await bridge.api['discovery:diagnostics']();
      if (mine !== generation) return;
      data.value = next;
      loadedAt.value = new Date().toISOString();
      error.value = null;
    } catch (err) {
      if (mine === generation) error.value = toUiError(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function onProgress(progress: ScanProgress): void {
    if (progress.state === 'running') return;
    if (progress.scanId === endedScanId) return;
    endedScanId = progress.scanId;
    void load();
  }

  /** Reloads after every scan that ends while someone follows; returns the way to stop. */
  function follow(): Unsubscribe {
    followers++;
    offProgress ??= bridge.on('discovery:progress', onProgress);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      followers--;
      if (followers === 0) {
        offProgress?.();
        offProgress = null;
      }
    };
  }

  return { data, loading, error, loadedAt, loaded, load, follow };
});
