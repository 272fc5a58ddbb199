import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MessengerType, type GenericMessengerConfiguration, type TwilioMessengerConfiguration } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { uniqueName } from './helpers/user-fixtures.js';

const generic = (fields: GenericMessengerConfiguration = {}): GenericMessengerConfiguration => ({
  type: MessengerType.Generic,
  name: uniqueName('generic'),
  url: 'https://sms.example.com/send',
  connectTimeout: 1000,
  readTimeout: 2000,
  headers: { 'X-Api-Version': '2' },
  httpAuthenticationUsername: 'gatehouse',
  httpAuthenticationPassword: 'receiver-password',
  data: { team: 'identity' },
  ...fields,
});

const twilio = (fields: TwilioMessengerConfiguration = {}): TwilioMessengerConfiguration => ({
  type: MessengerType.Twilio,
  name: uniqueName('twilio'),
  accountSID: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'twilio-auth-token',
  fromPhoneNumber: '+15555550100',
  ...fields,
});

describe('Messengers API', () => {
  let server: TestServer;
  const create = async (messenger: GenericMessengerConfiguration | TwilioMessengerConfiguration, id?: string) => {
    const response = await server.client.createMessenger(id as string, { messenger });
    assert.equal(response.statusCode, 200);
    return response.response.messenger as GenericMessengerConfiguration & TwilioMessengerConfiguration;
  };

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
  });

  describe('create and retrieve', () => {
    it('creates a Generic messenger with a given id and returns it whole, with FusionAuth defaults', async () => {
      const id = randomUUID();
      const input = generic();
      const created = await create(input, id);
      assert.equal(created.id, id);
      assert.equal(created.type, 'Generic');
      assert.equal(created.name, input.name);
      assert.equal(created.url, 'https://sms.example.com/send');
      assert.equal(created.connectTimeout, 1000);
      assert.equal(created.readTimeout, 2000);
      assert.deepEqual(created.headers, { 'X-Api-Version': '2' });
      assert.equal(created.httpAuthenticationUsername, 'gatehouse');
      // FusionAuth's Generic response body documents httpAuthenticationPassword: it is returned.
      assert.equal(created.httpAuthenticationPassword, 'receiver-password');
      assert.deepEqual(created.data, { team: 'identity' });
      assert.equal(created.debug, false);
      assert.deepEqual(created.messageTypes, ['SMS']);
      assert.equal(created.transport, 'sms');
      assert.equal(typeof created.insertInstant, 'number');
      assert.equal(created.insertInstant, created.lastUpdateInstant);

      const retrieved = (await server.client.retrieveMessenger(id)).response.messenger;
      assert.deepEqual(retrieved, created);
      const all = (await server.client.retrieveMessengers()).response.messengers!;
      assert.deepEqual(all.find((m) => m.id === id), created);
    });

    it('creates a Twilio messenger with a generated id, Twilio\'s URL by default, and only Twilio fields', async () => {
      const created = await create({ ...twilio(), headers: { 'X-Ignored': 'yes' } } as TwilioMessengerConfiguration);
      assert.match(created.id!, /^[0-9a-f-]{36}$/);
      assert.equal(created.type, 'Twilio');
      assert.equal(created.url, 'https://api.twilio.com');
      assert.equal(created.accountSID, 'AC0123456789abcdef0123456789abcdef');
      assert.equal(created.authToken, 'twilio-auth-token');
      assert.equal(created.fromPhoneNumber, '+15555550100');
      assert.equal(created.headers, undefined);
      assert.deepEqual(created.messageTypes, ['SMS']);
    });

    it('accepts a Twilio messenger with a messaging service instead of a from number', async () => {
      const created = await create(twilio({ fromPhoneNumber: undefined, messagingServiceSid: 'MG0123', messageTypes: ['SMS', 'Voice'] as never }));
      assert.equal(created.messagingServiceSid, 'MG0123');
      assert.equal(created.fromPhoneNumber, undefined);
      assert.deepEqual(created.messageTypes, ['SMS', 'Voice']);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      await expectStatus(server.client.retrieveMessenger(randomUUID()), 404);
      const raw = await server.fetch('/api/messenger/not-a-uuid', { headers: { Authorization: ADMIN_API_KEY } });
      assert.equal(raw.status, 404);
    });
  });

  describe('validation', () => {
    it('requires name, url and positive timeouts of a Generic messenger', async () => {
      const errors = await expectStatus(server.client.createMessenger(null as unknown as string, {
        messenger: { type: MessengerType.Generic, name: ' ', readTimeout: 0 } as GenericMessengerConfiguration,
      }), 400);
      assert.deepEqual(fieldCodes(errors), {
        'messenger.name': ['[blank]messenger.name'],
        'messenger.url': ['[blank]messenger.url'],
        'messenger.connectTimeout': ['[blank]messenger.connectTimeout'],
        'messenger.readTimeout': ['[invalid]messenger.readTimeout'],
      });
    });

    it('refuses a relative URL and a certificate that is not PEM', async () => {
      const errors = await expectStatus(server.client.createMessenger(null as unknown as string, {
        messenger: generic({ url: '/send', sslCertificate: 'not a certificate' }),
      }), 400);
      assert.deepEqual(fieldCodes(errors), {
        'messenger.url': ['[invalid]messenger.url'],
        'messenger.sslCertificate': ['[invalid]messenger.sslCertificate'],
      });
    });

    it('requires the account SID and a from number or messaging service of a Twilio messenger', async () => {
      const errors = await expectStatus(server.client.createMessenger(null as unknown as string, {
        messenger: twilio({ accountSID: '', fromPhoneNumber: undefined }),
      }), 400);
      assert.deepEqual(fieldCodes(errors), {
        'messenger.accountSID': ['[blank]messenger.accountSID'],
        'messenger.fromPhoneNumber': ['[blank]messenger.fromPhoneNumber'],
      });
    });

    it('refuses Kafka, an unknown type, a missing type and a missing messenger', async () => {
      const kafka = await expectStatus(server.client.createMessenger(null as unknown as string, {
        messenger: { type: MessengerType.Kafka, name: uniqueName('kafka') },
      }), 400);
      assert.deepEqual(fieldCodes(kafka), { 'messenger.type': ['[invalid]messenger.type'] });
      const untyped = await expectStatus(server.client.createMessenger(null as unknown as string, { messenger: { name: uniqueName('x') } }), 400);
      assert.deepEqual(fieldCodes(untyped), { 'messenger.type': ['[blank]messenger.type'] });
      const missing = await expectStatus(server.client.createMessenger(null as unknown as string, {}), 400);
      assert.deepEqual(fieldCodes(missing), { messenger: ['[missing]messenger'] });
    });

    it('refuses unknown message types', async () => {
      const errors = await expectStatus(server.client.createMessenger(null as unknown as string, {
        messenger: generic({ messageTypes: ['Carrier pigeon'] as never }),
      }), 400);
      assert.deepEqual(fieldCodes(errors), { 'messenger.messageTypes': ['[invalid]messenger.messageTypes'] });
    });

    it('refuses a duplicate name and a duplicate id', async () => {
      const first = await create(generic());
      const byName = await expectStatus(server.client.createMessenger(null as unknown as string, { messenger: twilio({ name: first.name! }) }), 400);
      assert.deepEqual(fieldCodes(byName), { 'messenger.name': ['[duplicate]messenger.name'] });
      const byId = await expectStatus(server.client.createMessenger(first.id!, { messenger: generic() }), 400);
      assert.deepEqual(fieldCodes(byId), { messengerId: ['[duplicate]messengerId'] });
    });

    it('reports a wrongly typed property as [invalidJSON]', async () => {
      const response = await server.fetch('/api/messenger', {
        method: 'POST',
        headers: { Authorization: ADMIN_API_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify({ messenger: { ...generic(), connectTimeout: 'soon' } }),
      });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { fieldErrors: Record<string, { code: string }[]> };
      assert.equal(body.fieldErrors['messenger.connectTimeout']![0]!.code, '[invalidJSON]messenger.connectTimeout');
    });
  });

  describe('update and delete', () => {
    it('replaces with PUT, merges with PATCH, and moves lastUpdateInstant', async () => {
      const created = await create(generic());
      server.clock.advance(1000);
      const replaced = (await server.client.updateMessenger(created.id!, {
        messenger: { type: MessengerType.Generic, name: created.name!, url: 'https://sms.example.com/v2', connectTimeout: 500, readTimeout: 700 } as GenericMessengerConfiguration,
      })).response.messenger as GenericMessengerConfiguration;
      assert.equal(replaced.url, 'https://sms.example.com/v2');
      assert.equal(replaced.httpAuthenticationUsername, undefined);
      assert.deepEqual(replaced.headers, {});
      assert.equal(replaced.insertInstant, created.insertInstant);
      assert.ok(replaced.lastUpdateInstant! >= created.lastUpdateInstant! + 1000);

      const renamed = uniqueName('renamed');
      const patched = (await server.client.patchMessenger(created.id!, { messenger: { name: renamed, debug: true } })).response.messenger as GenericMessengerConfiguration;
      assert.equal(patched.name, renamed);
      assert.equal(patched.debug, true);
      assert.equal(patched.url, 'https://sms.example.com/v2');
      assert.equal(patched.connectTimeout, 500);
      assert.deepEqual((await server.client.retrieveMessenger(created.id!)).response.messenger, patched);
    });

    it('keeps the type: an update to another type is refused', async () => {
      const created = await create(generic());
      const errors = await expectStatus(server.client.updateMessenger(created.id!, { messenger: twilio({ name: created.name! }) }), 400);
      assert.deepEqual(fieldCodes(errors), { 'messenger.type': ['[invalid]messenger.type'] });
    });

    it('refuses renaming onto another messenger\'s name', async () => {
      const first = await create(twilio());
      const second = await create(twilio());
      const errors = await expectStatus(server.client.patchMessenger(second.id!, { messenger: { name: first.name! } }), 400);
      assert.deepEqual(fieldCodes(errors), { 'messenger.name': ['[duplicate]messenger.name'] });
    });

    it('deletes, after which the messenger is gone', async () => {
      const created = await create(twilio());
      const deleted = await server.client.deleteMessenger(created.id!);
      assert.equal(deleted.statusCode, 200);
      await expectStatus(server.client.retrieveMessenger(created.id!), 404);
      await expectStatus(server.client.deleteMessenger(created.id!), 404);
      await expectStatus(server.client.updateMessenger(created.id!, { messenger: twilio() }), 404);
    });
  });

  describe('tenant references', () => {
    it('lets a tenant name an existing messenger and refuses an unknown one or one of the wrong message type', async () => {
      const tenantId = await server.defaultTenantId();
      const sms = await create(twilio());
      const unknown = randomUUID();
      const refused = await expectStatus(server.client.patchTenant(tenantId, {
        tenant: { phoneConfiguration: { messengerId: unknown }, multiFactorConfiguration: { voice: { messengerId: sms.id! } } },
      }), 400);
      assert.deepEqual(fieldCodes(refused), {
        'tenant.phoneConfiguration.messengerId': ['[invalid]tenant.phoneConfiguration.messengerId'],
        'tenant.multiFactorConfiguration.voice.messengerId': ['[invalid]tenant.multiFactorConfiguration.voice.messengerId'],
      });

      const accepted = await server.client.patchTenant(tenantId, {
        tenant: { phoneConfiguration: { messengerId: sms.id! }, multiFactorConfiguration: { sms: { messengerId: sms.id! } } },
      });
      assert.equal(accepted.statusCode, 200);
      assert.equal(accepted.response.tenant!.phoneConfiguration!.messengerId, sms.id);
      assert.equal(accepted.response.tenant!.multiFactorConfiguration!.sms!.messengerId, sms.id);

      // In use: the delete is refused and names both settings.
      const inUse = await expectStatus(server.client.deleteMessenger(sms.id!), 400);
      assert.deepEqual(fieldCodes(inUse), { messengerId: ['[inUse]messengerId', '[inUse]messengerId'] });
      assert.equal((await server.client.retrieveMessenger(sms.id!)).statusCode, 200);

      // Released by the tenant, it can go.
      const released = await server.client.patchTenant(tenantId, {
        tenant: { phoneConfiguration: { messengerId: null as unknown as string }, multiFactorConfiguration: { sms: { messengerId: null as unknown as string } } },
      });
      assert.equal(released.statusCode, 200);
      assert.equal((await server.client.deleteMessenger(sms.id!)).statusCode, 200);
    });
  });

  describe('authorization', () => {
    it('requires a global API key', async () => {
      const tenantId = await server.defaultTenantId();
      const key = uniqueName('tenant-key') + '-0123456789abcdef0123456789';
      await server.client.createAPIKey(null as unknown as string, { apiKey: { key, tenantId } });
      await expectStatus(server.clientWith(key).retrieveMessengers(), 401);
      await expectStatus(server.clientWith(null).retrieveMessengers(), 401);
    });
  });
});
