import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** Path of the pprof schema shipped with flamewatch. */
export const profileProtoPath = fileURLToPath(new URL('../../proto/profile.proto', import.meta.url));

let root: protobuf.Root | undefined;

/** The `perftools.profiles` message types, loaded by protobufjs from proto/profile.proto. */
export function profileSchema(): { Profile: protobuf.Type; root: protobuf.Root } {
  root ??= protobuf.loadSync(profileProtoPath);
  return { Profile: root.lookupType('perftools.profiles.Profile'), root };
}
