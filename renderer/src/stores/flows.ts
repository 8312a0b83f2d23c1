/**
 * Activation, recovery set-up and recovery as the engine runs them. The engine owns every flow;
 * this store only mirrors them (flows:list at start and after a reconnect, flow:changed live), so a
 * reload of the window loses nothing: the open flow is found again here.
 *
 * The lockout guard: when the engine answers LAST_ATTEMPT_NEEDS_CONFIRMATION, or a flow prompts
 * `confirmLastAttempt`, nothing is resent until the person says yes. The secret typed for the
 * refused try is kept only in this closure (never in reactive state) until then.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive } from 'vue';
import type { FlowKind, FlowView, RecoveryMethod, VerbInput } from '../contract';
import { useBridge, type Unsubscribe } from '../bridge';
import { toUiError, type UiError } from '../i18n/error-text';

export type FlowResult = { ok: true; flow: FlowView } | { ok: false; error: UiError };
export type SubmitInput = Omit<VerbInput<'flow:submit'>, 'flowId' | 'confirmLastAttempt'>;

/** A flow still going: the engine is working on it or waits for the person. */
export function isOpen(flow: FlowView): boolean {
  return flow.state === 'running' || flow.state === 'needsInput';
}

/** Newer wins: a list answer that raced with live events must not roll a flow back. */
function newer(a: FlowView, b: FlowView): boolean {
  return Date.parse(a.updatedAt) >= Date.parse(b.updatedAt);
}

export const useFlowsStore = defineStore('flows', () => {
  const bridge = useBridge();
  const byId = shallowReactive(new Map<string, FlowView>());
  const loaded = ref(false);
  const error = ref<UiError | null>(null);
  /** The flow whose last try waits for the person's yes or no. */
  const confirming = ref<string | null>(null);
  let pendingInput: SubmitInput | null = null;
  let unsubscribe: Unsubscribe | null = null;

  const list = computed(() =>
    [...byId.values()].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)),
  );

  function upsert(flow: FlowView): void {
    const known = byId.get(flow.id);
    if (known && !newer(flow, known)) return;
    byId.set(flow.id, flow);
    if (confirming.value === flow.id && !isOpen(flow)) clearConfirmation();
  }

  function subscribe(): void {
    unsubscribe ??= bridge.on('flow:changed', upsert);
  }

  function unsubscribeAll(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  async function load(): Promise<void> {
    try {
      for (const flow of await bridge.api['flows:list']()) upsert(flow);
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toUiError(err);
    }
  }

  /** The newest flow of a kind that involves the device (open ones first). */
  function latestFor(kind: FlowKind, deviceId: string): FlowView | undefined {
    const mine = list.value.filter(
      (f) => f.kind === kind && f.devices.some((d) => d.deviceId === deviceId),
    );
    return mine.find(isOpen) ?? mine[0];
  }

  /** The open activation flow covering exactly these devices, if there is one. */
  function openActivationFor(deviceIds: readonly string[]): FlowView | undefined {
    const wanted = new Set(deviceIds);
    return list.value.find(
      (f) =>
        f.kind === 'activate' &&
        isOpen(f) &&
        f.devices.length === wanted.size &&
        f.devices.every((d) => wanted.has(d.deviceId)),
    );
  }

  async function run(start: () => Promise<FlowView>): Promise<FlowResult> {
    try {
      const flow = await start();
      upsert(flow);
      return { ok: true, flow };
    } catch (err) {
      return { ok: false, error: toUiError(err) };
    }
  }

  function activate(input: VerbInput<'flow:activate'>): Promise<FlowResult> {
    return run(() => bridge.api['flow:activate'](input));
  }

  function setupRecovery(input: VerbInput<'flow:setupRecovery'>): Promise<FlowResult> {
    return run(() => bridge.api['flow:setupRecovery'](input));
  }

  function recover(deviceId: string, method: RecoveryMethod): Promise<FlowResult> {
    return run(() => bridge.api['flow:recover']({ deviceId, method }));
  }

  /**
   * Feeds the flow what it asked for. A LAST_ATTEMPT_NEEDS_CONFIRMATION answer parks the input
   * and sets `confirming`; the view then asks, and calls confirmLastAttempt or declineLastAttempt.
   */
  async function submit(flowId: string, input: SubmitInput): Promise<FlowResult> {
    const result = await run(() => bridge.api['flow:submit']({ flowId, ...input }));
    if (!result.ok && result.error.code === 'LAST_ATTEMPT_NEEDS_CONFIRMATION') {
      pendingInput = input;
      confirming.value = flowId;
    }
    return result;
  }

  /** The person said yes: the same input again, this time allowed to spend the last try. */
  async function confirmLastAttempt(flowId: string): Promise<FlowResult> {
    const input = confirming.value === flowId && pendingInput ? pendingInput : {};
    clearConfirmation();
    return run(() => bridge.api['flow:submit']({ flowId, ...input, confirmLastAttempt: true }));
  }

  /** The person said no: forget the parked input; the device keeps its last try. */
  function declineLastAttempt(): void {
    clearConfirmation();
  }

  function clearConfirmation(): void {
    confirming.value = null;
    pendingInput = null;
  }

  async function cancel(flowId: string): Promise<FlowResult> {
    if (confirming.value === flowId) clearConfirmation();
    return run(() => bridge.api['flow:cancel']({ flowId }));
  }

  /** Re-reads one flow (a view opened on a flow id the list did not have yet). */
  async function refresh(flowId: string): Promise<FlowResult> {
    return run(() => bridge.api['flow:get']({ flowId }));
  }

  return {
    byId,
    list,
    loaded,
    error,
    confirming,
    upsert,
    subscribe,
    unsubscribe: unsubscribeAll,
    load,
    latestFor,
    openActivationFor,
    activate,
    setupRecovery,
    recover,
    submit,
    confirmLastAttempt,
    declineLastAttempt,
    cancel,
    refresh,
  };
});
