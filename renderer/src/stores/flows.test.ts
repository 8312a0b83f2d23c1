import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { CustodianError, type FlowView, type VerbInput } from '../contract';
import { setBridge } from '../bridge';
import { createFakeBridge, type FakeBridge } from '../testing/fake-bridge';
import { makeCapabilities, makeFlow, tick } from '../testing/flow-fixtures';
import { useAppStore } from './app';
import { useCapabilitiesStore } from './capabilities';
import { isOpen, useFlowsStore } from './flows';

const DEV = 'mac:a4:14:37:00:00:01';
let bridge: FakeBridge;

beforeEach(() => {
  bridge = createFakeBridge({ 'flows:list': () => [] });
  setBridge(bridge);
  setActivePinia(createPinia());
});

const submits = () =>
  bridge.calls
    .filter((c) => c.verb === 'flow:submit')
    .map((c) => c.input as VerbInput<'flow:submit'>);

describe('flows store', () => {
  it('follows a recovery from start through flow:changed to success', async () => {
    const flows = useFlowsStore();
    flows.subscribe();
    bridge.handlers['flow:recover'] = ({ deviceId, method }) => makeFlow({ method }, { deviceId });
    const started = await flows.recover(DEV, 'qr');
    expect(started.ok).toBe(true);
    expect(flows.latestFor('recover', DEV)?.state).toBe('running');

    const asking = makeFlow(
      {
        state: 'needsInput',
        prompt: { kind: 'code', codeLength: 6 },
        handout: { qrPayload: 'QR', sentTo: 'o***@example.com', expiresAt: tick() },
      },
      { state: 'needsInput', step: 'code', attemptsLeft: 3 },
    );
    bridge.emit('flow:changed', asking);
    expect(flows.byId.get('f1')?.prompt).toEqual({ kind: 'code', codeLength: 6 });

    bridge.handlers['flow:submit'] = () =>
      makeFlow({ state: 'needsInput', prompt: { kind: 'newPassword' } });
    expect((await flows.submit('f1', { code: '123456' })).ok).toBe(true);
    expect(submits()[0]).toEqual({ flowId: 'f1', code: '123456' });

    bridge.emit(
      'flow:changed',
      makeFlow({ state: 'succeeded' }, { state: 'succeeded', step: 'done' }),
    );
    const done = flows.byId.get('f1') as FlowView;
    expect(done.state).toBe('succeeded');
    expect(isOpen(done)).toBe(false);
    // An older view arriving late (a list answer that raced) does not roll it back.
    bridge.emit('flow:changed', { ...asking, updatedAt: '2024-12-31T00:00:00.000Z' });
    expect(flows.byId.get('f1')?.state).toBe('succeeded');
  });

  it('does not spend the last try until the person confirms, then resends the same input', async () => {
    const flows = useFlowsStore();
    bridge.handlers['flow:submit'] = (input) => {
      if (!input.confirmLastAttempt) throw new CustodianError('LAST_ATTEMPT_NEEDS_CONFIRMATION');
      return makeFlow({ state: 'needsInput', prompt: { kind: 'newPassword' } });
    };
    const refused = await flows.submit('f1', { code: '999999' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'LAST_ATTEMPT_NEEDS_CONFIRMATION' },
    });
    expect(flows.confirming).toBe('f1');
    expect(submits()).toHaveLength(1);

    // Declining forgets the code: nothing more is sent.
    flows.declineLastAttempt();
    expect(flows.confirming).toBeNull();
    expect(submits()).toHaveLength(1);

    await flows.submit('f1', { code: '999999' });
    const confirmed = await flows.confirmLastAttempt('f1');
    expect(confirmed.ok).toBe(true);
    expect(submits().at(-1)).toEqual({ flowId: 'f1', code: '999999', confirmLastAttempt: true });
    expect(flows.confirming).toBeNull();
  });

  it('answers a confirmLastAttempt prompt of the engine with the flag alone', async () => {
    const flows = useFlowsStore();
    bridge.handlers['flow:submit'] = () => makeFlow({ state: 'running' });
    await flows.confirmLastAttempt('f1');
    expect(submits()).toEqual([{ flowId: 'f1', confirmLastAttempt: true }]);
  });

  it('keeps start errors as codes, for the view to render in either language', async () => {
    const flows = useFlowsStore();
    bridge.handlers['flow:activate'] = () => {
      throw new CustodianError('PASSWORD_POLICY', 'TOO_SHORT');
    };
    const r = await flows.activate({ deviceIds: [DEV], password: 'x' });
    expect(r).toEqual({ ok: false, error: { code: 'PASSWORD_POLICY', detail: 'TOO_SHORT' } });
  });

  it('restores open flows after a reload: app start lists them and keeps them live', async () => {
    const open = makeFlow(
      {
        state: 'needsInput',
        prompt: { kind: 'code', codeLength: null },
        handout: { qrPayload: 'QR' },
      },
      { state: 'needsInput', attemptsLeft: 2 },
    );
    const activation = makeFlow({
      id: 'f2',
      kind: 'activate',
      method: undefined,
      devices: [
        { deviceId: 'a', state: 'succeeded', step: 'done', stepsDone: [] },
        { deviceId: 'b', state: 'running', step: 'activate', stepsDone: [] },
      ],
    });
    bridge.handlers['flows:list'] = () => [open, activation];
    bridge.handlers['app:info'] = () => ({
      name: 'Custodian',
      version: '0',
      transport: 'websocket',
      platform: 'linux',
      defaultInterfaces: [],
      loopbackOnly: true,
    });
    bridge.handlers['devices:list'] = () => [];
    bridge.handlers['discovery:status'] = () => null;
    bridge.handlers['discovery:start'] = () => ({ scanId: 's' });
    await useAppStore().start();
    const flows = useFlowsStore();
    expect(flows.loaded).toBe(true);
    expect(flows.latestFor('recover', DEV)?.handout?.qrPayload).toBe('QR');
    expect(flows.openActivationFor(['b', 'a'])?.id).toBe('f2');
    expect(flows.openActivationFor(['a'])).toBeUndefined();
    bridge.emit('flow:changed', { ...activation, state: 'succeeded', updatedAt: tick() });
    expect(flows.byId.get('f2')?.state).toBe('succeeded');
  });

  it('cancels, clearing a pending confirmation', async () => {
    const flows = useFlowsStore();
    bridge.handlers['flow:submit'] = () => {
      throw new CustodianError('LAST_ATTEMPT_NEEDS_CONFIRMATION');
    };
    bridge.handlers['flow:cancel'] = () => makeFlow({ state: 'cancelled' });
    await flows.submit('f1', { code: '1' });
    await flows.cancel('f1');
    expect(flows.confirming).toBeNull();
    expect(flows.byId.get('f1')?.state).toBe('cancelled');
  });
});

describe('capabilities store', () => {
  it('loads once per device and shares a request in flight', async () => {
    let n = 0;
    bridge.handlers['device:capabilities'] = () => {
      n++;
      return makeCapabilities();
    };
    const caps = useCapabilitiesStore();
    await Promise.all([caps.load(DEV), caps.load(DEV)]);
    await caps.load(DEV);
    expect(n).toBe(1);
    await caps.load(DEV, true);
    expect(n).toBe(2);
    expect(caps.get(DEV)?.passwordPolicy.minLength).toBe(8);
  });

  it('keeps a failed read as an error code', async () => {
    bridge.handlers['device:capabilities'] = () => {
      throw new CustodianError('DEVICE_UNREACHABLE', 'timeout');
    };
    const caps = useCapabilitiesStore();
    expect(await caps.load(DEV)).toBeNull();
    expect(caps.errors.get(DEV)).toEqual({ code: 'DEVICE_UNREACHABLE', detail: 'timeout' });
  });

  it('asks before a login spends the last try, and sends it only on yes', async () => {
    bridge.handlers['device:capabilities'] = () => makeCapabilities({ hasCredentials: true });
    bridge.handlers['device:login'] = (input) => {
      if (!input.confirmLastAttempt) throw new CustodianError('LAST_ATTEMPT_NEEDS_CONFIRMATION');
      return { ok: true };
    };
    const caps = useCapabilitiesStore();
    const first = await caps.login(DEV, 'admin', 'secret1');
    expect(first.ok).toBe(false);
    expect(caps.confirming).toBe(DEV);
    const logins = () => bridge.calls.filter((c) => c.verb === 'device:login');
    expect(logins()).toHaveLength(1);
    expect(await caps.confirmLastAttempt(DEV)).toEqual({ ok: true });
    expect(logins().at(-1)?.input).toEqual({
      id: DEV,
      username: 'admin',
      password: 'secret1',
      confirmLastAttempt: true,
    });
    // Nothing parked any more: a second yes sends nothing.
    expect((await caps.confirmLastAttempt(DEV)).ok).toBe(false);
    expect(logins()).toHaveLength(2);
  });

  it('a sign-in answers only once the capabilities say the credentials are held', async () => {
    let held = false;
    // A read that takes a while, as a logged-in read of a real device does.
    bridge.handlers['device:capabilities'] = async () => {
      const answer = makeCapabilities({ hasCredentials: held });
      await new Promise((r) => setTimeout(r, 20));
      return answer;
    };
    bridge.handlers['device:login'] = () => {
      held = true;
      return { ok: true };
    };
    const caps = useCapabilitiesStore();
    await caps.load(DEV);
    expect(caps.get(DEV)?.hasCredentials).toBe(false);
    expect(await caps.login(DEV, 'admin', 'secret1')).toEqual({ ok: true });
    expect(caps.get(DEV)?.hasCredentials).toBe(true);
  });
});
