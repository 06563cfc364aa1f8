export { InitialSchema1764000000000 } from './1764000000000-initial-schema';
export { AdminApi1764200000000 } from './1764200000000-admin-api';
