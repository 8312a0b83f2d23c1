/**
 * ISAPI documents a device serves (hikvision.md §10-§17): our own templates shaped like the public
 * captures (HNEXT deviceInfo, OBS SecurityCap/UserList/userCheck/IllegalLoginLock).
 */
import { ASSUMED_QUESTIONS } from './assumptions';
import type { HikDeviceState } from './device-state';
import { doc, xml, type IsapiReply } from './isapi-responses';
import { ADMIN_USER } from './types';
import { esc } from './xml';

/** `/SDK/activateStatus` (§10). */
export function activateStatus(s: HikDeviceState, json: boolean): IsapiReply {
  if (json) {
    return {
      status: 200,
      body: JSON.stringify({ ActivateStatus: { Activated: s.activated } }),
      contentType: 'application/json',
    };
  }
  return xml(doc(s, 'ActivateStatus', `<Activated>${s.activated}</Activated>\n`));
}

function rows(pairs: [string, string | number | boolean][]): string {
  return pairs.map(([k, v]) => `<${k}>${esc(v)}</${k}>\n`).join('');
}

/** `/ISAPI/System/deviceInfo` (§12), shaped like the HNEXT ipc/nvr fixtures. */
export function deviceInfo(s: HikDeviceState): IsapiReply {
  const d = s.device;
  const [version = d.firmware, built = ''] = d.firmware.split(/\s+(?=build)/i);
  const hex = d.mac.replace(/:/g, '');
  const recorder = d.kind === 'recorder';
  const base: [string, string | number | boolean][] = [
    ['deviceName', recorder ? 'Network Video Recorder' : 'IP CAMERA'],
    ['deviceID', `6aff4000-1f90-00b0-0000-${hex}`],
    ['deviceDescription', recorder ? 'NVR' : 'IPCamera'],
    ['deviceLocation', 'hangzhou'],
    ['systemContact', 'Hikvision.China'],
    ['model', d.model],
    ['serialNumber', d.serial],
    ['macAddress', d.mac],
    ['firmwareVersion', version],
    ['firmwareReleasedDate', built],
    ['encoderVersion', 'V7.3'],
    ['encoderReleasedDate', built],
    ['bootVersion', 'V1.3.4'],
    ['bootReleasedDate', '100316'],
    ['hardwareVersion', '0x0'],
    ['deviceType', recorder ? 'NVR' : 'IPCamera'],
    ['telecontrolID', 88],
    ['supportBeep', recorder],
    ['supportVideoLoss', false],
    ['firmwareVersionInfo', 'B-R-G5-0'],
    ['manufacturer', 'hikvision'],
    ['subSerialNumber', d.serial.slice(-9)],
    ['OEMCode', 1],
  ];
  if (recorder)
    base.push(['decordChannelNums', 0], ['VGANums', 1], ['USBNums', 2], ['regionVersion', 1]);
  return xml(doc(s, 'DeviceInfo', rows(base)));
}

/** `/ISAPI/Security/capabilities` (§13), the OBS capture with this device's salt. */
export function securityCap(s: HikDeviceState): IsapiReply {
  return xml(
    doc(
      s,
      'SecurityCap',
      '<supportUserNums>1</supportUserNums>\n<issupIllegalLoginLock>true</issupIllegalLoginLock>\n' +
        '<isSupportOnlineUser>true</isSupportOnlineUser>\n<securityVersion opt="1"/>\n<keyIterateNum>100</keyIterateNum>\n' +
        '<isSupportUserCheck>true</isSupportUserCheck>\n<RSAKeyLength opt="1024" def="1024"/>\n' +
        '<WebCertificateCap><CertificateType opt="digest">digest</CertificateType>\n' +
        '<SecurityAlgorithm><algorithmType opt="MD5,SHA256,MD5/SHA256">MD5</algorithmType></SecurityAlgorithm></WebCertificateCap>\n' +
        '<isSupportSecurityQuestionConfig>true</isSupportSecurityQuestionConfig>\n<isSupportSecurityEmail>true</isSupportSecurityEmail>\n' +
        '<isSupportGUIDFileDataExport>true</isSupportGUIDFileDataExport>\n' +
        '<SecurityLimits><LoginPasswordLenLimit min="8" max="16">8</LoginPasswordLenLimit>\n' +
        '<SecurityAnswerLenLimit min="1" max="128"/></SecurityLimits>\n' +
        `<isIrreversible>true</isIrreversible>\n<salt>${s.salt}</salt>\n`,
    ),
  );
}

/** [I] `/ISAPI/Security/extern/capabilities` (§13): the element names are public, the root name is inferred. */
export function externSecurityCap(s: HikDeviceState): IsapiReply {
  return xml(
    doc(
      s,
      'ExternSecurityCap',
      rows([
        ['isSupportWithGUIDFileData', true],
        ['isSupportWithSecurityQuestion', true],
        ['isSupportWithSecurityEmail', true],
        ['isSupportWithHCApp', true],
        ['minResetAdminPassWordNum', 1],
      ]),
    ),
  );
}

/** `/ISAPI/Security/users` (§14). */
export function userList(s: HikDeviceState): IsapiReply {
  return xml(
    doc(
      s,
      'UserList',
      `<User><id>1</id><userName>${ADMIN_USER}</userName><userLevel>Administrator</userLevel></User>\n`,
    ),
  );
}

/** `/ISAPI/Security/userCheck` (§10), the OBS capture. */
export function userCheck(s: HikDeviceState): IsapiReply {
  return xml(
    doc(
      s,
      'userCheck',
      rows([
        ['statusValue', 200],
        ['statusString', 'OK'],
        ['isDefaultPassword', false],
        ['isRiskPassword', false],
        ['isActivated', s.activated],
      ]),
    ),
  );
}

/** `/ISAPI/Security/illegalLoginLock` (§16). */
export function illegalLoginLock(s: HikDeviceState): IsapiReply {
  const l = s.illegalLoginLock;
  return xml(
    doc(
      s,
      'IllegalLoginLock',
      rows([
        ['enabled', l.enabled],
        ['maxIllegalLoginTimes', l.maxIllegalLoginTimes],
        ['maxIllegalLoginLockTime', l.maxIllegalLoginLockTime],
      ]),
    ),
  );
}

/** `GET /ISAPI/Security/questionConfiguration` (§17): all 15 questions, `mark` on the configured ones, never answers. */
export function questionList(s: HikDeviceState): IsapiReply {
  const items = ASSUMED_QUESTIONS.map((fallback, i) => {
    const set = s.questions.find((q) => q.id === i + 1);
    return `<Question><id>${i + 1}</id><question>${esc(set?.question ?? fallback)}</question><mark>${set !== undefined}</mark></Question>\n`;
  }).join('');
  return xml(doc(s, 'SecurityQuestion', `<QuestionList>\n${items}</QuestionList>\n`));
}
