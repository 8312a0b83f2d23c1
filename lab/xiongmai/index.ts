/** The Xiongmai/XMEye family runtime of the lab (see fleet.ts). */
export { startXiongmai, startXiongmaiFleet, type XiongmaiRuntime } from './fleet';
export type { XmLabDevice, XmQuestion } from './device';
export { sofiaHash } from './sofia';
