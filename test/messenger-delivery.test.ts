import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MessengerType, type BaseMessengerConfiguration } from '@fusionauth/typescript-client';
import type { SmsMessage, SmsResult } from '../src/api/messenger/delivery.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { uniqueName } from './helpers/user-fixtures.js';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Messenger delivery (sendSms)', () => {
  let server: TestServer;
  let receiver: HttpReceiver;
  const sendSms = (message: SmsMessage): Promise<SmsResult> => server.running.server.messengers.sendSms(message);
  const createMessenger = async (messenger: BaseMessengerConfiguration & Record<string, unknown>): Promise<string> => {
    const response = await server.client.createMessenger(null as unknown as string, { messenger: { name: uniqueName('messenger'), ...messenger } });
    return response.response.messenger!.id!;
  };
  const genericMessenger = (fields: Record<string, unknown> = {}) => createMessenger({
    type: MessengerType.Generic,
    url: `${receiver.url}/sms/send?tenant=acme`,
    connectTimeout: 1000,
    readTimeout: 1000,
    headers: { 'X-Api-Version': '2' },
    httpAuthenticationUsername: 'gatehouse',
    httpAuthenticationPassword: 'receiver-password',
    ...fields,
  });

  before(async () => {
    server = await startTestServer();
    receiver = await startHttpReceiver();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.respondWith(200);
  });
  after(async () => {
    await receiver.stop();
    await server.stop();
  });

  describe('Generic', () => {
    it('POSTs FusionAuth\'s JSON message with the configured headers and Basic authentication', async () => {
      const messengerId = await genericMessenger();
      const userId = randomUUID();
      const result = await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'Two Factor Code: 012345', type: 'SMS', code: '012345', userId });
      assert.deepEqual(result, { status: 'ok', httpStatus: 200 });

      const request = await receiver.request(1);
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/sms/send?tenant=acme');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['x-api-version'], '2');
      assert.equal(request.headers.authorization, basic('gatehouse', 'receiver-password'));
      assert.deepEqual(JSON.parse(request.body), {
        phoneNumber: '+15555550123', textMessage: 'Two Factor Code: 012345', type: 'SMS', code: '012345', userId,
      });
    });

    it('sends only phoneNumber, textMessage and type when no code or user is given, and no Authorization without a username', async () => {
      const messengerId = await genericMessenger({ httpAuthenticationUsername: undefined, httpAuthenticationPassword: undefined, headers: {} });
      assert.equal((await sendSms({ messengerId, phoneNumber: '3035551212', textMessage: 'Hello' })).status, 'ok');
      const request = await receiver.request(1);
      assert.deepEqual(JSON.parse(request.body), { phoneNumber: '3035551212', textMessage: 'Hello', type: 'SMS' });
      assert.equal(request.headers.authorization, undefined);
    });

    it('reports a non-2xx answer as a failure with its status', async () => {
      const messengerId = await genericMessenger();
      receiver.respondWith(503);
      const result = await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'code 1' });
      assert.equal(result.status, 'failed');
      assert.equal(result.status === 'failed' && result.reason, 'rejected');
      assert.equal(result.status === 'failed' && result.httpStatus, 503);
    });

    it('gives up on a receiver that never answers within the read timeout', async () => {
      const messengerId = await genericMessenger({ readTimeout: 300 });
      receiver.respondWith('hang');
      const started = Date.now();
      const result = await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'code 2' });
      const elapsed = Date.now() - started;
      assert.equal(result.status, 'failed');
      assert.equal(result.status === 'failed' && result.reason, 'readTimeout');
      assert.equal(result.status === 'failed' && result.httpStatus, undefined);
      assert.ok(elapsed >= 250 && elapsed < 2000, `elapsed ${elapsed} ms`);
      assert.equal(receiver.received.length, 1);
    });

    it('gives up within the connect timeout when the TLS connection never completes', async () => {
      // A TCP server that accepts and then stays silent: the https handshake never finishes.
      const sockets: Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const messengerId = await genericMessenger({ url: `https://127.0.0.1:${(silent.address() as AddressInfo).port}/send`, connectTimeout: 300, readTimeout: 5000 });
        const started = Date.now();
        const result = await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'code 4' });
        const elapsed = Date.now() - started;
        assert.equal(result.status === 'failed' && result.reason, 'connectTimeout');
        assert.ok(elapsed >= 250 && elapsed < 2000, `elapsed ${elapsed} ms`);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('reports a refused connection as a failure instead of throwing', async () => {
      const closed = await startHttpReceiver();
      const url = closed.url;
      await closed.stop();
      const messengerId = await genericMessenger({ url });
      const result = await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'code 3' });
      assert.equal(result.status, 'failed');
      assert.equal(result.status === 'failed' && result.reason, 'connectionFailed');
    });

    it('sends a Voice message when the messenger supports it, and refuses one it does not', async () => {
      const voice = await genericMessenger({ messageTypes: ['SMS', 'Voice'] });
      assert.equal((await sendSms({ messengerId: voice, phoneNumber: '+15555550123', textMessage: 'Your code is 1 2 3', type: 'Voice' })).status, 'ok');
      assert.deepEqual(JSON.parse((await receiver.request(1)).body), {
        phoneNumber: '+15555550123', textMessage: 'Your code is 1 2 3', message: 'Your code is 1 2 3', type: 'Voice',
      });

      const smsOnly = await genericMessenger();
      const result = await sendSms({ messengerId: smsOnly, phoneNumber: '+15555550123', textMessage: 'x', type: 'Voice' });
      assert.equal(result.status === 'failed' && result.reason, 'unsupportedMessageType');
      assert.equal(receiver.received.length, 1);
    });
  });

  describe('Twilio', () => {
    const accountSID = 'AC0123456789abcdef0123456789abcdef';
    const twilioMessenger = (fields: Record<string, unknown> = {}) => createMessenger({
      type: MessengerType.Twilio, url: `${receiver.url}/`, accountSID, authToken: 'twilio-auth-token', fromPhoneNumber: '+15555550100', ...fields,
    });

    it('POSTs a form to the Messages API with Basic accountSID:authToken, From, To and Body', async () => {
      const messengerId = await twilioMessenger();
      const result = await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'Two Factor Code: 654321' });
      assert.deepEqual(result, { status: 'ok', httpStatus: 200 });
      const request = await receiver.request(1);
      assert.equal(request.method, 'POST');
      assert.equal(request.path, `/2010-04-01/Accounts/${accountSID}/Messages.json`);
      assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(request.headers.authorization, basic(accountSID, 'twilio-auth-token'));
      assert.deepEqual(Object.fromEntries(new URLSearchParams(request.body)), {
        To: '+15555550123', Body: 'Two Factor Code: 654321', From: '+15555550100',
      });
    });

    it('uses the messaging service instead of a from number when one is configured', async () => {
      const messengerId = await twilioMessenger({ fromPhoneNumber: undefined, messagingServiceSid: 'MG0123456789' });
      assert.equal((await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'hi' })).status, 'ok');
      assert.deepEqual(Object.fromEntries(new URLSearchParams((await receiver.request(1)).body)), {
        To: '+15555550123', Body: 'hi', MessagingServiceSid: 'MG0123456789',
      });
    });

    it('reports Twilio\'s error status as a failure', async () => {
      const messengerId = await twilioMessenger();
      receiver.respondWith(401);
      const result = await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'hi' });
      assert.equal(result.status === 'failed' && result.reason, 'rejected');
      assert.equal(result.status === 'failed' && result.httpStatus, 401);
    });
  });

  it('reports an unknown messenger without sending anything', async () => {
    const result = await sendSms({ messengerId: randomUUID(), phoneNumber: '+15555550123', textMessage: 'x' });
    assert.equal(result.status === 'failed' && result.reason, 'messengerNotFound');
    assert.equal(receiver.received.length, 0);
  });

  it('writes a Debug event log entry per message for a debug messenger, without secrets or the message', async () => {
    const name = uniqueName('debugging');
    const messengerId = await genericMessenger({ name, debug: true });
    assert.equal((await sendSms({ messengerId, phoneNumber: '+15555550123', textMessage: 'Code 777888', code: '777888' })).status, 'ok');
    const found = (await server.client.searchEventLogs({ search: { message: name, numberOfResults: 10, startRow: 0 } })).response;
    assert.equal(found.total, 1);
    const entry = found.eventLogs![0]!;
    assert.equal(entry.type, 'Debug');
    assert.match(entry.message!, new RegExp(`${name}.*succeeded with status 200`));
    for (const secret of ['receiver-password', '777888', '+15555550123']) assert.ok(!entry.message!.includes(secret), secret);
  });
});
