// What both Node clients share: the contract and grpc.health.v1 loaded from the .proto files
// alone (no generated code, no reflection), a bearer token on every call, and a check that
// prints one line or throws.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const LOADER_OPTIONS = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };

function loadPackage(file, includeDirs) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(file, { ...LOADER_OPTIONS, includeDirs }));
}

/** A file of the contract (shared-proto), e.g. 'acme/user/v1/user_service.proto'. */
export function loadContract(file) {
  return loadPackage(file, [join(here, '..', '..', 'shared-proto/src/main/proto')]);
}

export const health = loadPackage('health/v1/health.proto',
  [join(dirname(require.resolve('grpc-health-check/package.json')), 'proto')]);

export const credentials = grpc.credentials.createInsecure();

// Adds the token to every call. (grpc-js only sends call credentials over TLS, and these
// clients talk plaintext to a local server, so the header is set directly.)
export function bearer(token) {
  return (options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      metadata.set('authorization', `Bearer ${token}`);
      next(metadata, listener);
    },
  });
}

export const deadline = () => new Date(Date.now() + 10_000);

export function check(condition, description) {
  if (!condition) {
    throw new Error(`check failed: ${description}`);
  }
  console.log(`ok - ${description}`);
}
