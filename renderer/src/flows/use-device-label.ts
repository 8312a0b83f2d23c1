/** How a device is named on the flow screens: brand and model, then its IP address. */
import { useI18n } from 'vue-i18n';
import type { Device } from '../contract';
import { useDevicesStore } from '../stores/devices';

export function useDeviceLabel() {
  const { t } = useI18n();
  const devices = useDevicesStore();
  /** `Hikvision DS-2CD2143G2-I` for a known device, the id otherwise. */
  function name(device: Device | undefined, id = ''): string {
    if (!device) return id;
    return [device.vendor ?? t(`family.${device.family}`), device.model].filter(Boolean).join(' ');
  }
  function byId(id: string): { name: string; ip: string | null; device: Device | undefined } {
    const device = devices.get(id);
    return {
      name: device ? name(device) : t('flow.deviceGone', { id }),
      ip: device?.ip ?? null,
      device,
    };
  }
  return { name, byId };
}
