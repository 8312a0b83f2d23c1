/**
 * The flow a screen shows, kept in the address (`?flow=id`) so a reload returns to it. Without an
 * id, the screen adopts the open flow the engine still has (flows:list after a reload or a crash
 * of the window) and writes its id into the address, so it stays on screen after it ends.
 */
import { computed, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { FlowView } from '../contract';
import { useFlowsStore } from '../stores/flows';

export function useRouteFlow(findOpen: () => FlowView | undefined) {
  const route = useRoute();
  const router = useRouter();
  const flows = useFlowsStore();
  const flowId = computed(() => (typeof route.query.flow === 'string' ? route.query.flow : null));
  const flow = computed(() => (flowId.value ? flows.byId.get(flowId.value) : findOpen()));
  /** True when the flow on screen was picked up rather than started here. */
  const restored = ref(false);

  watch(
    flow,
    (f) => {
      if (f && !flowId.value) {
        restored.value = true;
        void router.replace({ query: { ...route.query, flow: f.id } });
      }
    },
    { immediate: true },
  );
  // An address naming a flow the list does not have yet (a reload before flows:list answered).
  watch(
    flowId,
    (id) => {
      if (id && !flows.byId.has(id)) void flows.refresh(id);
    },
    { immediate: true },
  );

  /** Shows a flow started here (or none: back to the start of the screen). */
  async function show(id: string | null): Promise<void> {
    restored.value = false;
    const query = { ...route.query };
    if (id) query.flow = id;
    else delete query.flow;
    await router.replace({ query });
  }

  return { flowId, flow, restored, show };
}
