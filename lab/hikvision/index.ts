/** The Hikvision family of the virtual lab: what the lab's family registry imports. */
export { startHikvisionFleet, startHikvisionFleetWith } from './runtime';
export type { HikvisionFleetOptions, HikvisionRuntime } from './runtime';
export { COMMAND_PORT, SADP_GROUP, SADP_PORT } from './types';
export type { HikAccount, HikSecurityQuestion, HikvisionLabDevice } from './types';
