export { InitialSchema1764000000000 } from './1764000000000-initial-schema';
export { AdminApi1764200000000 } from './1764200000000-admin-api';
export { LiveServers1764400000000 } from './1764400000000-live-servers';
export { LiveServerStatus1764600000000 } from './1764600000000-live-server-status';
export { Cluster1764700000000 } from './1764700000000-cluster';
