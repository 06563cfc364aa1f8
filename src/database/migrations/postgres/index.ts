export { InitialSchema1764000000000 } from './1764000000000-initial-schema';
export { AdminApi1764200000000 } from './1764200000000-admin-api';
export { LiveServers1764400000000 } from './1764400000000-live-servers';
export { Cluster1764600000000 } from './1764600000000-cluster';
