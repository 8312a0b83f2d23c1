export * from './contract';
export * from './dto';
export * from './errors';
export * from './schema';
export * from './preload-api';
export * from './csv';
export * from './diagnostics';
