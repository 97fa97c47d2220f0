import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** Folder holding `coxswain/v1/*.proto`: the single source of the API. */
export const PROTO_DIR = path.resolve(__dirname, '..', '..', 'proto');

/**
 * One file with no imports on purpose: @grpc/reflection serves proto-loader's descriptors, which
 * are regrouped per package under synthetic file names and lose their imports (grpc-node#3018),
 * so a client such as grpcurl could not resolve an imported type (even google.protobuf.Timestamp;
 * times are RFC 3339 strings instead).
 */
export const PROTO_FILES = ['coxswain/v1/coxswain.proto'];

/**
 * How messages look in JS: camelCase fields, int64 as numbers (every int64 here is a byte count,
 * a time in ms or a counter, far below 2^53), enums as their names, defaults filled in, and the
 * name of the set oneof member in `msg`.
 */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

export function loadPackageDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync(PROTO_FILES, LOADER_OPTIONS);
}

interface CoxswainV1 {
  ControlPlane: grpc.ServiceClientConstructor;
  AgentGateway: grpc.ServiceClientConstructor;
}

export function loadServices(def = loadPackageDefinition()): CoxswainV1 {
  const root = grpc.loadPackageDefinition(def) as unknown as { coxswain: { v1: CoxswainV1 } };
  return root.coxswain.v1;
}
