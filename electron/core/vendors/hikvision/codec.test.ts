import { describe, expect, it } from 'vitest';
import { CustodianError } from '../../../shared/errors';
import {
  decodeActivateStatus,
  decodeDeviceInfo,
  decodeExternSecurityCapabilities,
  decodeSecurityCapabilities,
} from './codec';
import { decodeIsapiStatus, isIsapiOk } from './status';
import { fixture } from './test-device';

const badReply = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof CustodianError && err.code === 'DEVICE_BAD_REPLY') return err.detail;
    throw err;
  }
  throw new Error('did not throw');
};

describe('activateStatus', () => {
  it('reads Activated true and false, namespaced', () => {
    expect(decodeActivateStatus(fixture('activate-status.inactive.xml'))).toEqual({
      activated: false,
      supportVersion: null,
    });
    expect(decodeActivateStatus(fixture('activate-status.active.xml')).activated).toBe(true);
  });

  it('reads supportVersion when present and refuses a missing Activated', () => {
    const v3 =
      '<ActivateStatus><Activated>false</Activated><supportVersion>3</supportVersion></ActivateStatus>';
    expect(decodeActivateStatus(v3).supportVersion).toBe(3);
    expect(badReply(() => decodeActivateStatus('<ActivateStatus/>'))).toMatch(/Activated/);
    expect(badReply(() => decodeActivateStatus(fixture('device-info.ipc.xml')))).toMatch(
      /expected <ActivateStatus>, got <DeviceInfo>/,
    );
  });
});

describe('deviceInfo', () => {
  it('reads the captured IPC reply', () => {
    expect(decodeDeviceInfo(fixture('device-info.ipc.xml'))).toEqual({
      deviceName: 'yard',
      deviceID: '6aff4000-1f90-00b0-0000-000c00000000',
      model: 'DS-2CD2386G2-IU',
      serialNumber: 'DS-2CD2386G2-IU00000000AAWRJ00000000',
      macAddress: '14:92:3c:4f:f8:42',
      firmwareVersion: 'V5.7.14',
      firmwareReleasedDate: 'build 231028',
      firmware: 'V5.7.14 build 231028',
      deviceType: 'IPCamera',
      manufacturer: 'hikvision',
    });
  });

  it('tolerates a sparse reply in another namespace', () => {
    const info = decodeDeviceInfo(
      '<DeviceInfo xmlns="http://www.isapi.org/ver20/XMLSchema"><model>DS-7608NXI-I2/8P/S</model><macAddress>bogus</macAddress></DeviceInfo>',
    );
    expect(info).toMatchObject({ model: 'DS-7608NXI-I2/8P/S', macAddress: null, firmware: null });
  });

  it('refuses truncated XML and a DOCTYPE', () => {
    const body = fixture('device-info.ipc.xml');
    expect(badReply(() => decodeDeviceInfo(body.slice(0, 200)))).toMatch(/well-formed/);
    expect(badReply(() => decodeDeviceInfo(`<!DOCTYPE x>${body}`))).toMatch(/DOCTYPE/);
  });
});

describe('security capabilities', () => {
  it('reads what recovery and the lockout guard need from the captured SecurityCap', () => {
    expect(decodeSecurityCapabilities(fixture('security-capabilities.xml'))).toEqual({
      securityQuestions: true,
      securityEmail: true,
      guidFileExport: null,
      illegalLoginLock: true,
      userCheck: true,
      passwordLength: { min: 8, max: 16 },
      answerLength: { min: 1, max: 128 },
      securityVersions: [1],
      keyIterateNum: 100,
      isIrreversible: true,
      salt: '2F1C2DE6D8D243EF46F177D830796D51CC10733BEC81DC0CAABE837942351A92',
      digestAlgorithms: ['MD5', 'SHA256', 'MD5/SHA256'],
      supportUserNums: 1,
      ipcActivatePassword: null,
    });
  });

  it('finds SecurityCap inside DeviceCap too', () => {
    const inner = fixture('security-capabilities.xml');
    const caps = decodeSecurityCapabilities(`<DeviceCap>${inner}</DeviceCap>`);
    expect(caps.securityEmail).toBe(true);
  });

  it('reads the extern reset capabilities', () => {
    expect(decodeExternSecurityCapabilities(fixture('extern-capabilities.xml'))).toEqual({
      resetWithGuidFile: true,
      resetWithSecurityQuestions: true,
      resetWithSecurityEmail: true,
      resetWithHikConnectApp: false,
      minResetMethods: 1,
    });
  });

  it('finds extern fields under any root and at any depth (placement is an assumption)', () => {
    const caps = decodeExternSecurityCapabilities(
      '<Cap><Reset><isSupportWithSecurityEmail>true</isSupportWithSecurityEmail></Reset></Cap>',
    );
    expect(caps).toMatchObject({ resetWithSecurityEmail: true, resetWithGuidFile: null });
  });
});

describe('ISAPI status bodies', () => {
  it('reads a ResponseStatus error', () => {
    const status = decodeIsapiStatus(fixture('response-status.bad-xml-content.xml'));
    expect(status).toEqual({
      root: 'ResponseStatus',
      format: 'xml',
      statusCode: 6,
      statusValue: null,
      statusString: 'Invalid XML Content',
      subStatusCode: 'badXmlContent',
      requestURL: '/ISAPI/Streaming/channels/101/picture',
      errorCode: null,
      errorMsg: null,
      lock: null,
    });
    expect(isIsapiOk(status!)).toBe(false);
  });

  it('reads the JSON form with its lock fields', () => {
    expect(decodeIsapiStatus(fixture('response-status.bad-authorization.json'))).toMatchObject({
      format: 'json',
      statusCode: 4,
      subStatusCode: 'badAuthorization',
      errorCode: 1073741827,
      lock: {
        shape: 'ResponseStatus',
        locked: false,
        lockStatus: 'unlock',
        remainingAttempts: 5,
        unlockInSeconds: 30,
      },
    });
  });

  it('reads the userCheck lock body of a failed login, unlocked and locked', () => {
    expect(decodeIsapiStatus(fixture('user-check.unauthorized.xml'))).toMatchObject({
      root: 'userCheck',
      statusValue: 401,
      lock: { shape: 'userCheck', locked: false, remainingAttempts: 4, unlockInSeconds: 0 },
    });
    expect(decodeIsapiStatus(fixture('user-check.locked.xml'))?.lock).toEqual({
      shape: 'userCheck',
      locked: true,
      lockStatus: 'locked',
      remainingAttempts: 0,
      unlockInSeconds: 1800,
    });
  });

  it('is null for bodies that are not a status, never an exception', () => {
    for (const body of [
      '',
      'plain text',
      '<html><body>401</body></html>',
      '{"a":1}',
      '{bad',
      '<x',
      fixture('device-info.ipc.xml'),
    ]) {
      expect(decodeIsapiStatus(body)).toBeNull();
    }
  });
});
