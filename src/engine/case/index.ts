export * from './attestation';
export * from './case';
export * from './indicator';
export * from './verdict';
