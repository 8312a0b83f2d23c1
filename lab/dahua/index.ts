/** The Dahua family runtime of the lab (Dahua and OEM lines such as SCS Pro; see runtime.ts). */
export {
  startDahuaFleet,
  startDahuaRuntime,
  type DahuaRuntime,
  type DahuaRuntimeOptions,
} from './runtime';
export {
  DEFAULT_DAHUA_PORTS,
  type DahuaAccountSpec,
  type DahuaLabDevice,
  type DahuaNvrCamera,
  type DahuaPorts,
  type DahuaQuestion,
} from './device';
export { DHIP_GROUP, DHIP_PORT } from './dhip-responder';
