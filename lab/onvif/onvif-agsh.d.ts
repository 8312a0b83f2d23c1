/** The slice of agsh/onvif 0.8.3 (CommonJS, untyped) the interop test uses. */
declare module 'onvif' {
  interface ProbeOptions {
    timeout?: number;
    resolve?: boolean;
    device?: string;
  }
  interface CamOptions {
    hostname: string;
    port?: number;
    username?: string;
    password?: string;
    timeout?: number;
    autoconnect?: boolean;
  }
  export class Cam {
    constructor(options: CamOptions, callback?: (this: Cam, err: Error | null) => void);
    getDeviceInformation(cb: (err: Error | null, info: Record<string, unknown>) => void): void;
  }
  const onvif: {
    Cam: typeof Cam;
    Discovery: { probe(options: ProbeOptions, cb: (err: unknown, cams: unknown[]) => void): void };
  };
  export default onvif;
}
