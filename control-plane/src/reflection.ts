import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { LOADER_OPTIONS, PROTO_FILES } from '@coxswain/shared';
// protobufjs ships the descriptor codec that proto-loader itself uses to build its descriptors.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FileDescriptorProto } = require('protobufjs/ext/descriptor');

interface DescriptorMessage {
  name: string;
  field?: { name: string; typeName?: string }[];
  nestedType?: (DescriptorMessage & { options?: { mapEntry?: boolean } })[];
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * protobufjs names a map field's entry type after the field ("Env") where protoc names it
 * "EnvEntry"; strict clients (buf curl, grpcurl) reject such a schema. Renaming the entries makes
 * the served descriptors what protoc would have produced.
 */
function fixMapEntries(m: DescriptorMessage): void {
  for (const nested of m.nestedType ?? []) fixMapEntries(nested);
  for (const f of m.field ?? []) {
    const entry = (m.nestedType ?? []).find((n) => n.name === f.typeName && n.options?.mapEntry);
    if (!entry) continue;
    const name = camel(f.name);
    entry.name = name[0].toUpperCase() + name.slice(1) + 'Entry';
    f.typeName = entry.name;
  }
}

/** Adds server reflection (v1 and v1alpha) describing the real proto field names. */
export function addReflection(server: grpc.Server): void {
  const def = protoLoader.loadSync(PROTO_FILES, { ...LOADER_OPTIONS, keepCase: true });
  const fixed = new Map<Buffer, Uint8Array>();
  for (const entry of Object.values(def)) {
    const e = entry as { fileDescriptorProtos?: Buffer[] };
    if (!Array.isArray(e.fileDescriptorProtos)) continue;
    e.fileDescriptorProtos = e.fileDescriptorProtos.map((bin) => {
      let out = fixed.get(bin);
      if (!out) {
        const file = FileDescriptorProto.decode(bin);
        for (const m of file.messageType) fixMapEntries(m);
        out = FileDescriptorProto.encode(file).finish() as Uint8Array;
        fixed.set(bin, out);
      }
      return out as Buffer;
    });
  }
  new ReflectionService(def).addToServer(server);
}
