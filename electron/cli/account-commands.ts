/**
 * `custodian activate | setup-recovery | recover | change-password`: the engine's account flows
 * from a terminal or a script.
 * Every secret (password, answers, code) is read from stdin (see secret-input.ts); arguments
 * carry only addresses, choices and file paths.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CustodianError } from '../shared/errors';
import type { FlowView, RecoveryMethod } from '../shared/flows';
import { createSecretReader, type SecretReader } from './secret-input';
import { flowLines, openSession, untilSettled, type Session } from './session';

const common = {
  ip: { type: 'string', multiple: true },
  iface: { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type Run<T> = (s: Session, reader: SecretReader, json: boolean) => Promise<T>;

/** How a finished command shows its result: the text line(s) and whether it succeeded. */
type Show<T> = (value: T, s: Session) => { text: string; ok: boolean };

const showFlow: Show<FlowView> = (view, s) => ({
  text: flowLines(view, s.devices),
  ok: view.state === 'succeeded',
});

async function withSession<T = FlowView>(
  ips: string[] | undefined,
  values: { iface?: string[]; 'data-dir'?: string; json: boolean },
  run: Run<T>,
  show: Show<T> = showFlow as unknown as Show<T>,
): Promise<number> {
  if (!ips?.length) {
    console.error('--ip <address> is required');
    return 2;
  }
  const reader = createSecretReader();
  let session: Session | undefined;
  try {
    session = await openSession({ ips, iface: values.iface, dataDir: values['data-dir'], reader });
    const value = await run(session, reader, values.json);
    const shown = show(value, session);
    if (values.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else process.stdout.write(shown.text);
    return shown.ok ? 0 : 1;
  } catch (err) {
    if (!(err instanceof CustodianError) && !(err instanceof Error)) throw err;
    console.error(
      err instanceof CustodianError ? `error ${err.code}: ${err.message}` : `error: ${err.message}`,
    );
    return 1;
  } finally {
    reader.close();
    await session?.engine.close();
  }
}

/** A new password: typed twice on a terminal (a typo would lock the owner out), once from a pipe. */
async function newPassword(reader: SecretReader, label: string): Promise<string> {
  const first = await reader.ask(`${label}: `);
  if (reader.tty && (await reader.ask('Repeat it: ')) !== first) {
    throw new CustodianError('INVALID_INPUT', 'the two passwords differ');
  }
  return first;
}

/**
 * Sends once (with the --confirm-last-attempt flag as given); when the guard answers that this
 * would be the device's last try, asks the person on a terminal and resends only on "yes". From a
 * pipe the refusal stands: a script never spends a last try it was not told to.
 */
async function askingBeforeLastTry<T>(
  reader: SecretReader,
  confirmed: boolean,
  send: (confirm: boolean) => Promise<T>,
): Promise<T> {
  try {
    return await send(confirmed);
  } catch (err) {
    if (
      !(err instanceof CustodianError) ||
      err.code !== 'LAST_ATTEMPT_NEEDS_CONFIRMATION' ||
      !reader.tty
    )
      throw err;
    const yes = await reader.ask(
      'The device allows one more try before it locks. Use it? (yes/no) ',
      { echo: true },
    );
    if (yes.trim().toLowerCase() !== 'yes') throw err;
    return send(true);
  }
}

export function activate(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common, email: { type: 'string' } } });
  return withSession(values.ip, values, async (s, reader) => {
    const password = await newPassword(reader, 'New admin password');
    const view = await s.api['flow:activate']({
      deviceIds: s.devices.map((d) => d.id),
      password,
      ...(values.email ? { email: values.email } : {}),
    });
    return untilSettled(s.engine, s.api, view);
  });
}

export function setupRecovery(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      email: { type: 'string' },
      questions: { type: 'boolean', default: false },
      'export-key': { type: 'string' },
    },
  });
  return withSession(values.ip?.slice(0, 1), values, async (s, reader) => {
    const device = s.devices[0]!;
    let caps = await s.api['device:capabilities']({ id: device.id });
    if (!caps.hasCredentials) {
      await s.api['device:login']({
        id: device.id,
        username: 'admin',
        password: await reader.ask('Admin password: '),
      });
      caps = await s.api['device:capabilities']({ id: device.id });
    }
    const questions: { id: number; answer: string }[] = [];
    if (values.questions) {
      for (const q of caps.questionChoices) process.stderr.write(`  ${q.id}. ${q.text}\n`);
      for (let i = 0; i < Math.max(caps.questionsRequired, 1); i++) {
        const id = Number(await reader.ask(`Question number ${i + 1}: `, { echo: true }));
        questions.push({ id, answer: await reader.ask('Answer: ') });
      }
    }
    const view = await s.api['flow:setupRecovery']({
      deviceId: device.id,
      ...(values.email ? { email: values.email } : {}),
      ...(questions.length ? { questions } : {}),
      ...(values['export-key'] ? { exportKey: true } : {}),
    });
    const key = view.handout?.keyFileBase64;
    if (values['export-key'] && key) {
      // Owner-only, and never over an existing file (it may be the only copy of an older key).
      writeFileSync(values['export-key'], Buffer.from(key, 'base64'), { mode: 0o600, flag: 'wx' });
      process.stderr.write(`key file saved to ${values['export-key']}: keep it somewhere safe\n`);
    }
    if (view.handout) delete view.handout.keyFileBase64; // it is in the file, not on the screen
    return view;
  });
}

const METHODS: Record<string, RecoveryMethod> = {
  questions: 'questions',
  qr: 'qr',
  guid: 'keyFile',
  support: 'support',
};

export function recover(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      method: { type: 'string' },
      'key-file': { type: 'string' },
      'confirm-last-attempt': { type: 'boolean', default: false },
    },
  });
  const method = METHODS[values.method ?? ''];
  if (!method) {
    console.error('--method questions|qr|guid|support is required');
    return Promise.resolve(2);
  }
  return withSession(values.ip?.slice(0, 1), values, async (s, reader) => {
    let view = await s.api['flow:recover']({ deviceId: s.devices[0]!.id, method });
    const h = view.handout ?? {};
    if (h.qrPayload)
      process.stderr.write(`Scan this with the vendor app as a QR code:\n  ${h.qrPayload}\n`);
    if (h.appPath) process.stderr.write(`In the app: ${h.appPath}\n`);
    if (h.supportCode) process.stderr.write(`Send this code to vendor support: ${h.supportCode}\n`);
    if (h.sentTo) process.stderr.write(`The code will be sent to ${h.sentTo}\n`);
    if (h.expiresAt) process.stderr.write(`Valid until ${h.expiresAt}\n`);
    while (view.state === 'needsInput') {
      const input: Parameters<Session['api']['flow:submit']>[0] = { flowId: view.id };
      if (view.prompt?.kind === 'answers') {
        input.answers = [];
        for (const [i, q] of view.prompt.questions.entries()) {
          const label = q.text || `Security question ${i + 1} (the device did not say its wording)`;
          input.answers.push({ id: q.id, answer: await reader.ask(`${label}: `) });
        }
      } else if (view.prompt?.kind === 'keyFile') {
        if (!values['key-file'])
          throw new CustodianError('INVALID_INPUT', '--key-file is required');
        input.keyFileBase64 = readFileSync(values['key-file']).toString('base64');
      } else {
        input.code = await reader.ask('Verification code: ');
      }
      input.newPassword = await newPassword(reader, 'New admin password');
      view = await askingBeforeLastTry(reader, values['confirm-last-attempt'], (confirm) =>
        s.api['flow:submit']({ ...input, confirmLastAttempt: confirm }),
      );
      if (view.state === 'needsInput') process.stderr.write(flowLines(view, s.devices));
      // From a pipe, one try per run: a script must not cycle codes.
      if (!reader.tty) break;
    }
    return view;
  });
}

/**
 * `change-password --ip A`: the stored admin password (or the one typed first, when none is
 * stored) is the current one; the new one is read twice, on a terminal and from a pipe alike.
 */
export function changePassword(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, 'confirm-last-attempt': { type: 'boolean', default: false } },
  });
  return withSession(
    values.ip?.slice(0, 1),
    values,
    async (s, reader) => {
      const device = s.devices[0]!;
      const caps = await s.api['device:capabilities']({ id: device.id });
      if (!caps.hasCredentials) {
        await s.api['device:login']({
          id: device.id,
          username: 'admin',
          password: await reader.ask('Current admin password: '),
          confirmLastAttempt: values['confirm-last-attempt'],
        });
      }
      const next = await reader.ask('New admin password: ');
      if ((await reader.ask('Repeat it: ')) !== next) {
        throw new CustodianError('INVALID_INPUT', 'the two passwords differ');
      }
      const input = { id: device.id, newPassword: next };
      await askingBeforeLastTry(reader, values['confirm-last-attempt'], (confirm) =>
        s.api['device:changePassword']({ ...input, confirmLastAttempt: confirm }),
      );
      return { deviceId: device.id, ip: device.ip, changed: true };
    },
    (r) => ({ text: `${r.ip}: password changed and stored\n`, ok: true }),
  );
}
