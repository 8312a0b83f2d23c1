/**
 * Model templates of the vendor families, with each family's real identity formats:
 * Hikvision serials are model + yyyymmdd + line code + serial (hikvision.md §3, DeviceSN) under a
 * Hikvision OUI; Dahua serials are the 15-character `4H01D66PAJ2FA64` shape (dahua.md §7 realm,
 * S17) with `2.800.0000000.3.R` firmware; XM serials are 16 lower-case hex digits with
 * `V5.00.R02.…` firmware (xiongmai.md §6.1). Brands follow oem-map.md §1: HiLook is Hikvision,
 * Amcrest and the SCS Pro recorders are Dahua, XMEye/Besder are Xiongmai.
 */
import type { ModelTemplate } from './models';
import type { Rng } from './random';

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ'.split('');

function yyyymmdd(rng: Rng): string {
  const y = 2019 + rng.int(6);
  return `${y}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}`;
}
/** `build 231028`: the yymmdd Hikvision appends to its firmware version. */
const build = (rng: Rng) => `build ${yyyymmdd(rng).slice(2)}`;

/** DS-2CD2386G2-IU20230315AAWRJ12345678: model, date, line code, serial (§3 DeviceSN). */
const hikSerial = (line: string) => (rng: Rng, model: string) =>
  `${model}${yyyymmdd(rng)}${line}${rng.pick(LETTERS)}${rng.digits(8)}`;

/** 4H01D66PAJ2FA64: digit, letter, 0, four hex, PA, letter, five hex. */
const dahuaSerial = (rng: Rng) =>
  `${rng.int(10)}${rng.pick(LETTERS)}0${rng.hex(4)}PA${rng.pick(LETTERS)}${rng.hex(5)}`;

/** 09d53d540f99b818: the SN of the captured XM530 reply. */
const xmSerial = (rng: Rng) => rng.hex(16).toLowerCase();

/** The vendor families' templates, appended to MODEL_TEMPLATES (keys are preset row names). */
export const VENDOR_TEMPLATES: readonly ModelTemplate[] = [
  {
    key: 'hik-nvr',
    family: 'hikvision',
    vendor: 'Hikvision',
    manufacturer: 'Hikvision',
    kind: 'recorder',
    models: ['DS-7608NI-K2', 'DS-7616NI-K2', 'DS-7604NI-K1', 'DS-7608NXI-I2'],
    // The OUI of the public SADP capture C (hikvision.md §3).
    oui: '18:68:cb',
    serial: hikSerial('CCRR'),
    firmware: (rng) => `V4.${30 + rng.int(40)}.${100 + rng.int(120)} ${build(rng)}`,
    hardwareId: () => '0x0',
    nvrCameras: 2,
  },
  {
    key: 'hik-cam',
    family: 'hikvision',
    vendor: 'Hikvision',
    manufacturer: 'Hikvision',
    kind: 'camera',
    models: ['DS-2CD2386G2-IU', 'DS-2CD2143G2-IS', 'DS-2CD2047G2-LU', 'DS-2CD1043G0-I'],
    // The OUI of the public ProbeMatch capture B (hikvision.md §3).
    oui: '44:47:cc',
    serial: hikSerial('AAWR'),
    firmware: (rng) => `V5.${5 + rng.int(3)}.${rng.int(20)} ${build(rng)}`,
    hardwareId: () => '88',
  },
  {
    key: 'hilook-nvr',
    family: 'hikvision',
    vendor: 'HiLook',
    // HiLook is Hikvision's OEM line: SADP and ISAPI report Hikvision underneath the brand.
    manufacturer: 'Hikvision',
    kind: 'recorder',
    models: ['NVR-104MH-C', 'NVR-108MH-C', 'NVR-216MH-C'],
    oui: '28:57:be',
    serial: hikSerial('CCRR'),
    firmware: (rng) => `V4.${30 + rng.int(40)}.${100 + rng.int(120)} ${build(rng)}`,
    hardwareId: () => '0x0',
    nvrCameras: 4,
  },
  {
    key: 'scs-nvr',
    family: 'dahua',
    vendor: 'SCS Pro',
    // Dahua OEM firmware reports a neutral vendor (dahua.md §3 saw General/Private).
    manufacturer: 'General',
    kind: 'recorder',
    models: ['NVR5216-16P-4KS2E', 'NVR5432-16P-4KS2E', 'NVR4108-8P-4KS2'],
    oui: '3c:ef:8c',
    serial: dahuaSerial,
    firmware: (rng) => `4.00${rng.int(2)}.0000${rng.digits(3)}.${rng.pick(['0', '3'])}.R`,
    hardwareId: () => '1.00',
    nvrCameras: 2,
  },
  {
    key: 'dahua-cam',
    family: 'dahua',
    vendor: 'Dahua',
    manufacturer: 'Dahua',
    kind: 'camera',
    models: ['IPC-HFW2431S-S-S2', 'IPC-HFW5442E-ZE', 'IPC-HFW1230S', 'IPC-HDW5421S'],
    oui: '38:af:29',
    serial: dahuaSerial,
    firmware: (rng) =>
      `2.${rng.pick(['800', '820', '840'])}.0000${rng.digits(3)}.${rng.pick(['0', '3'])}.R`,
    hardwareId: () => '1.00',
  },
  {
    key: 'amcrest-cam',
    family: 'dahua',
    vendor: 'Amcrest',
    manufacturer: 'Amcrest',
    kind: 'camera',
    models: ['IP8M-2496EB', 'IP5M-T1179EW', 'IP4M-1041B'],
    oui: '9c:8e:cd',
    serial: dahuaSerial,
    firmware: (rng) => `2.800.0000${rng.digits(3)}.0.R`,
    hardwareId: () => '1.00',
  },
  {
    key: 'xmeye-dvr',
    family: 'xiongmai',
    vendor: 'XMEye',
    manufacturer: 'Xiongmai',
    kind: 'recorder',
    models: ['AHB7004T-GS', 'AHB7008T-MH', 'NBD8008R-PL'],
    // The OUI of the captured XM530 search reply (xiongmai.md §6.1).
    oui: 'dc:29:19',
    serial: xmSerial,
    firmware: (rng) =>
      `V4.02.R11.${rng.hex(8)}.${rng.digits(5)}.${rng.hex(6).toLowerCase()}.0000000`,
    hardwareId: (_rng, model) => `${model}-V2`,
  },
  {
    key: 'xmeye-cam',
    family: 'xiongmai',
    vendor: 'XMEye',
    manufacturer: 'Xiongmai',
    kind: 'camera',
    models: ['XM530-IPC', 'IPG-53H20PL-S', 'IPG-HP500NR'],
    oui: 'dc:29:19',
    serial: xmSerial,
    firmware: (rng) => `V5.00.R02.${rng.hex(8)}.10010.${rng.hex(6).toLowerCase()}.0000000`,
    hardwareId: () => 'XM530_50X20_8M',
  },
  {
    key: 'besder-cam',
    family: 'xiongmai',
    vendor: 'Besder',
    manufacturer: 'Xiongmai',
    kind: 'camera',
    // The Besder 6024PB-XMA501 of the public security investigation (xiongmai.md §1, §10 sources).
    models: ['6024PB-XMA501', '6036PB-XMA301'],
    oui: 'dc:29:19',
    serial: xmSerial,
    firmware: (rng) => `V5.00.R02.${rng.hex(8)}.10010.${rng.hex(6).toLowerCase()}.0000000`,
    hardwareId: () => 'XM530_50X20_8M',
  },
];
