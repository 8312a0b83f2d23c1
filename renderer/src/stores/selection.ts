/**
 * Rows ticked in the device table, for batch actions (activation today). Kept apart from the
 * inventory: selecting is the person's, the devices are the engine's.
 */
import { defineStore } from 'pinia';
import { computed, shallowReactive } from 'vue';
import { useDevicesStore } from './devices';

export const useSelectionStore = defineStore('selection', () => {
  const devices = useDevicesStore();
  const ids = shallowReactive(new Set<string>());

  /** Selected devices still in the inventory. */
  const selected = computed(() =>
    [...ids].flatMap((id) => {
      const d = devices.get(id);
      return d ? [d] : [];
    }),
  );
  const inactive = computed(() => selected.value.filter((d) => d.account === 'inactive'));
  /** Inactive devices among the rows shown (the filters apply). */
  const shownInactive = computed(() =>
    devices.rows.filter((r) => r.device.account === 'inactive').map((r) => r.id),
  );
  const allShownInactiveSelected = computed(
    () => shownInactive.value.length > 0 && shownInactive.value.every((id) => ids.has(id)),
  );

  function has(id: string): boolean {
    return ids.has(id);
  }

  function toggle(id: string, on = !ids.has(id)): void {
    if (on) ids.add(id);
    else ids.delete(id);
  }

  /** Ticks every inactive device shown, or unticks them when all already are. */
  function toggleAllInactive(): void {
    const on = !allShownInactiveSelected.value;
    for (const id of shownInactive.value) toggle(id, on);
  }

  function clear(): void {
    ids.clear();
  }

  return {
    ids,
    selected,
    inactive,
    shownInactive,
    allShownInactiveSelected,
    has,
    toggle,
    toggleAllInactive,
    clear,
  };
});
