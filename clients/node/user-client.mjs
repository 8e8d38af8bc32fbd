// A user-service client in Node.js, built from the .proto files alone (no generated code, no
// reflection): proof that any gRPC stack can use the contract. The test suite runs it
// (NodeClientTests); you can too, against a running user-service:
//
//   npm ci && USER_SERVICE_TOKEN=$(scripts/service-token node-client SERVICE) \
//     node clients/node/user-client.mjs 127.0.0.1:9090
//
// It calls health Check (without credentials, as probes do), then, with the service token, CreateUser, GetUser (found and not found), the ListUsers server stream
// and the ValidateUsers bidirectional stream; it also checks that a call without the token is
// refused and that oversized metadata is RESOURCE_EXHAUSTED. It checks every answer, prints one line per check and
// exits non-zero on the first one that fails.
import { randomUUID } from 'node:crypto';

import * as grpc from '@grpc/grpc-js';

import { bearer, check, credentials, deadline, health, loadContract } from './contract.mjs';

const contract = loadContract('acme/user/v1/user_service.proto');

const target = process.argv[2] ?? '127.0.0.1:9090';
const token = process.env.USER_SERVICE_TOKEN;
if (!token) {
  console.error('USER_SERVICE_TOKEN is not set: user-service refuses calls without a service token');
  process.exit(2);
}
const users = new contract.acme.user.v1.UserService(target, credentials, { interceptors: [bearer(token)] });
const anonymous = new contract.acme.user.v1.UserService(target, credentials);
const healthClient = new health.grpc.health.v1.Health(target, credentials);

function unary(client, method, request, metadata = new grpc.Metadata()) {
  return new Promise((resolve, reject) => {
    const call = client[method](request, metadata, { deadline: deadline() }, (error, response) =>
      error ? reject(error) : resolve({ response, headers: call.headers }));
    call.on('metadata', (headers) => { call.headers = headers; });
  });
}

async function main() {
  for (const service of ['', 'acme.user.v1.UserService']) {
    const { response } = await unary(healthClient, 'Check', { service });
    check(response.status === 'SERVING', `health Check("${service}") is SERVING`);
  }

  try {
    await unary(anonymous, 'GetUser', { id: randomUUID() });
    check(false, 'GetUser without a service token fails');
  } catch (error) {
    check(error.code === grpc.status.UNAUTHENTICATED, 'GetUser without a service token is UNAUTHENTICATED');
  }

  const requestId = `node-${randomUUID()}`;
  const metadata = new grpc.Metadata();
  metadata.set('x-request-id', requestId);
  const email = `node-${randomUUID()}@example.com`;
  const created = await unary(users, 'CreateUser', { email, displayName: 'Node Client' }, metadata);
  const user = created.response.user;
  check(user.email === email && user.status === 'USER_STATUS_ACTIVE', 'CreateUser returns an active user');
  check(created.headers.get('x-request-id')[0] === requestId, 'CreateUser echoes x-request-id');

  const read = await unary(users, 'GetUser', { id: user.id });
  check(read.response.user.id === user.id && read.response.user.createTime.seconds === user.createTime.seconds,
    'GetUser returns the created user');

  try {
    await unary(users, 'GetUser', { id: randomUUID() });
    check(false, 'GetUser of an unknown id fails');
  } catch (error) {
    check(error.code === grpc.status.NOT_FOUND, 'GetUser of an unknown id is NOT_FOUND');
  }

  // Larger than the server's 8 KiB metadata limit, smaller than what its HTTP/2 settings allow.
  const padded = new grpc.Metadata();
  padded.set('x-padding', 'p'.repeat(12 * 1024));
  try {
    await unary(users, 'GetUser', { id: user.id }, padded);
    check(false, 'GetUser with 12 KiB of metadata fails');
  } catch (error) {
    check(error.code === grpc.status.RESOURCE_EXHAUSTED,
      `GetUser with 12 KiB of metadata is RESOURCE_EXHAUSTED (got ${error.code}: ${error.details})`);
  }

  const listed = await new Promise((resolve, reject) => {
    const ids = [];
    const stream = users.ListUsers({ status: 'USER_STATUS_ACTIVE' }, { deadline: deadline() });
    stream.on('data', (message) => ids.push(message.user.id));
    stream.on('error', reject);
    stream.on('end', () => resolve(ids));
  });
  check(listed.includes(user.id), `ListUsers streams the new user among ${listed.length} active users`);

  const validation = await new Promise((resolve, reject) => {
    const stream = users.ValidateUsers({ deadline: deadline() });
    let answer;
    stream.on('error', reject);
    // Answered before this client half-closes: only the first answer makes the client end its side.
    stream.once('data', (first) => {
      answer = first;
      stream.end();
    });
    // Wait for the server to finish too, so the call ends OK rather than cancelled by our exit.
    stream.on('end', () => resolve(answer));
    stream.write({ userId: user.id });
  });
  check(validation.userId === user.id && validation.canOrder === true,
    'ValidateUsers answers can_order=true before the client half-closes');
}

main()
  .then(() => {
    console.log('all checks passed');
    process.exit(0);
  })
  .catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
