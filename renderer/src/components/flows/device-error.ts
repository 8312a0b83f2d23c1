import { useI18n } from 'vue-i18n';
import type { ErrorCode, FlowDeviceView } from '../../contract';
import { formatDateTime } from '../../format';
import { useDeviceLabel } from '../../flows/use-device-label';
import { useErrorText } from '../../i18n/error-text';

/** Codes that mean the device did not answer at all, whichever layer noticed it. */
const SILENT: ReadonlySet<ErrorCode> = new Set(['DEVICE_UNREACHABLE', 'TIMEOUT']);

/**
 * A flow device's error in the UI's language. The engine's details are English fragments ("4
 * tries left", a lock time in ISO, "SADP reply from <mac>"): where the UI knows the fact behind
 * one (tries left, lock end, the device's address) it says it itself, so a Russian screen never
 * shows an English fragment.
 */
export function useDeviceErrorText(): (d: FlowDeviceView) => string {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const label = useDeviceLabel();
  return (d) => {
    const e = d.error;
    if (!e) return '';
    if (e.code === 'CODE_REJECTED' || e.code === 'ANSWERS_REJECTED') {
      const n = d.attemptsLeft;
      return errorText(
        e.code,
        typeof n === 'number' ? t('flow.attemptsLeft', { n }, n) : t('flow.attemptsUnknown'),
      );
    }
    if (e.code === 'DEVICE_LOCKED') {
      const until = d.lockedUntil ?? (Date.parse(e.detail ?? '') ? e.detail : null);
      return errorText(
        e.code,
        until
          ? t('flow.lockedUntil', { time: formatDateTime(until, locale.value) })
          : t('flow.lockUnknown'),
      );
    }
    if (SILENT.has(e.code)) {
      return errorText('DEVICE_UNREACHABLE', label.byId(d.deviceId).ip ?? d.deviceId);
    }
    return errorText(e.code, e.detail ?? '');
  };
}
