// The lab as a library, for live tests and the CLI: up, down, status and traffic, with typed results.
export { labUp, labDown, type LabUpResult, type LabDownResult } from './lifecycle.js';
export { labStatus, requireLabUp, type LabStatus } from './status.js';
export { labTraffic, type LabTrafficResult, type TrafficConnection } from './traffic.js';
export { labUpOptionsSchema, labTrafficOptionsSchema, type LabUpOptions, type LabTrafficOptions } from './options.js';
export { readDropCounter, type Counter, type LinkCounters } from './counters.js';
export { peerArgv, type PeerConfig, type PeerConnection } from './peer-protocol.js';
export { LAB, type LabDescription } from './topology.js';
export { holdLab, withLabLock, type HoldOptions } from './lock.js';
