// An OrderService client in Node.js, built from the .proto files alone, calling as an end user
// with an OAuth 2 access token from the authorization server. Against scripts/run-local:
//
//   npm ci && ORDER_SERVICE_TOKEN=$(scripts/token ada) BUYER_ID=<ada's user id> \
//     node clients/node/order-client.mjs 127.0.0.1:9091
//
// BUYER_ID is the user of user-service whose email is the token's (the README's walkthrough
// creates ada's). It checks health without a token, that a call without a token is
// UNAUTHENTICATED, then CreateOrder, GetOrder and ListOrders for that buyer, and that an order
// for another user is PERMISSION_DENIED. One line per check; exits non-zero on the first failure.
import { randomUUID } from 'node:crypto';

import * as grpc from '@grpc/grpc-js';

import { bearer, check, credentials, deadline, health, loadContract } from './contract.mjs';

const contract = loadContract('acme/order/v1/order_service.proto');

const target = process.argv[2] ?? '127.0.0.1:9091';
const token = process.env.ORDER_SERVICE_TOKEN;
const buyer = process.env.BUYER_ID;
if (!token || !buyer) {
  console.error('set ORDER_SERVICE_TOKEN (scripts/token ada) and BUYER_ID (the user of user-service with her email)');
  process.exit(2);
}
const orders = new contract.acme.order.v1.OrderService(target, credentials, { interceptors: [bearer(token)] });
const anonymous = new contract.acme.order.v1.OrderService(target, credentials);
const healthClient = new health.grpc.health.v1.Health(target, credentials);

function unary(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, new grpc.Metadata(), { deadline: deadline() }, (error, response) =>
      error ? reject(error) : resolve(response));
  });
}

async function refused(call, code, description) {
  try {
    await call();
  } catch (error) {
    check(error.code === code, `${description} (${error.code}: ${error.details})`);
    return;
  }
  check(false, description);
}

const line = { sku: 'NODE-1', quantity: 2, unitPriceCents: '150' };

async function main() {
  const serving = await unary(healthClient, 'Check', { service: 'acme.order.v1.OrderService' });
  check(serving.status === 'SERVING', 'health Check needs no token and is SERVING');

  await refused(() => unary(anonymous, 'ListOrders', { userId: buyer }), grpc.status.UNAUTHENTICATED,
    'ListOrders without a token is UNAUTHENTICATED');

  const created = await unary(orders, 'CreateOrder', { userId: buyer, lines: [line], idempotencyKey: randomUUID() });
  check(created.order.userId === buyer && created.order.totalCents === '300', 'CreateOrder for the buyer herself');

  const read = await unary(orders, 'GetOrder', { id: created.order.id });
  check(read.order.id === created.order.id, 'GetOrder returns her order');

  const page = await unary(orders, 'ListOrders', { userId: buyer });
  check(page.orders.some((order) => order.id === created.order.id), 'ListOrders lists it');

  await refused(() => unary(orders, 'CreateOrder', { userId: randomUUID(), lines: [line] }),
    grpc.status.PERMISSION_DENIED, 'CreateOrder for another user is PERMISSION_DENIED');
}

main().then(() => process.exit(0), (error) => {
  console.error(error.message);
  process.exit(1);
});
