/**
 * Password schemes through the API: users created with each `encryptionScheme` and `factor` keep them
 * in the password columns, FusionAuth-encoded hashes imported with `passwordFieldType: HASHED` verify,
 * and tenants accept every scheme as their `passwordEncryptionConfiguration`. (Logging in with these
 * passwords is the Login API's; here the stored columns are checked against the registry.)
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PasswordType, type FusionAuthClient } from '@fusionauth/typescript-client';
import { builtInPasswordSchemes, type StoredPassword } from '../src/crypto/password/index.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { PASSWORD, uniqueEmail } from './helpers/user-fixtures.js';

const NO_ID = null as unknown as string;
const schemes = builtInPasswordSchemes();

/** A cheap valid factor per scheme, so creating nine users stays fast. */
const FACTORS: Record<string, number> = {
  'salted-md5': 3, 'salted-sha256': 5, 'salted-hmac-sha256': 1, 'salted-pbkdf2-hmac-sha256': 1000,
  'salted-pbkdf2-hmac-sha256-512': 1000, 'salted-pbkdf2-hmac-sha512-512': 1000, bcrypt: 5, 'phpass-md5': 256, 'phpass-sha512': 512,
};

/** The salt each scheme stores: 32 base64 bytes, or its own alphabet. */
const SALT_FORMATS: Record<string, RegExp> = {
  bcrypt: /^[./A-Za-z0-9]{22}$/, 'phpass-md5': /^[./A-Za-z0-9]{8}$/, 'phpass-sha512': /^[./A-Za-z0-9]{8}$/,
};
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

describe('password schemes through the Users and Tenants APIs', () => {
  let server: TestServer;
  let client: FusionAuthClient;
  before(async () => {
    server = await startTestServer();
    // Users calls are scoped to the default tenant, so they keep working once a second tenant exists
    // (tenants themselves are created unscoped: a tenant-scoped request cannot create one).
    client = server.clientWith(ADMIN_API_KEY, await server.defaultTenantId());
  });
  after(() => server.stop());

  const storedPassword = async (userId: string): Promise<StoredPassword> => {
    const row = await server.running.database.db.selectFrom('users')
      .select(['password_hash', 'password_salt', 'password_scheme', 'password_factor']).where('id', '=', userId).executeTakeFirstOrThrow();
    return { hash: row.password_hash!, salt: row.password_salt!, scheme: row.password_scheme!, factor: Number(row.password_factor) };
  };

  for (const [scheme, factor] of Object.entries(FACTORS)) {
    it(`creates a user with encryptionScheme ${scheme} and factor ${factor}, stored in those columns`, async () => {
      const created = (await client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, encryptionScheme: scheme, factor } })).response.user!;
      const stored = await storedPassword(created.id!);
      assert.equal(stored.scheme, scheme);
      assert.equal(stored.factor, factor);
      assert.match(stored.salt, SALT_FORMATS[scheme] ?? BASE64_32_BYTES);
      assert.equal(await schemes.verify(PASSWORD, stored), true);
      assert.equal(await schemes.verify(`${PASSWORD}!`, stored), false);
      const retrieved = (await client.retrieveUser(created.id!)).response.user!;
      assert.equal(retrieved.encryptionScheme, scheme, 'retrieve shows the scheme');
    });
  }

  it('uses the named scheme\'s own default factor when no factor is given', async () => {
    for (const [scheme, factor] of [['phpass-md5', 2048], ['salted-hmac-sha256', 1], ['salted-md5', 20_000]] as const) {
      const created = (await client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, encryptionScheme: scheme } })).response.user!;
      const stored = await storedPassword(created.id!);
      assert.deepEqual([stored.scheme, stored.factor], [scheme, factor]);
      assert.equal(await schemes.verify(PASSWORD, stored), true);
    }
  });

  it('refuses a factor outside the scheme\'s range with [invalid]user.factor', async () => {
    for (const [scheme, factor] of [['bcrypt', 3], ['bcrypt', 31], ['salted-md5', 0], ['phpass-sha512', -1], ['salted-sha256', 10_000_001]] as const) {
      const errors = await expectStatus(client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, encryptionScheme: scheme, factor } }), 400);
      assert.deepEqual(fieldCodes(errors), { 'user.factor': ['[invalid]user.factor'] }, `${scheme} ${factor}`);
    }
  });

  it('stores FusionAuth-encoded hashes imported as HASHED, and they verify', async () => {
    const imports = [
      // jBCrypt TestBCrypt $2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i ("abc"), split as FusionAuth stores it.
      { password: 'abc', encryptionScheme: 'bcrypt', factor: 6, salt: 'If6bvum7DFjUnE9p2uDeDu', hash: '0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i' },
      // fusionauth-example-password-encryptor: $P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0 ("test12345").
      { password: 'test12345', encryptionScheme: 'phpass-md5', factor: 2048, salt: 'IQRaTwmf', hash: 'eRo7ud9Fh4E2PdI0S3r.L0' },
      // John the Ripper drupal7: $S$CFURCPa.k6FAEbJPgejaW4nijv7rYgGc4dUJtChQtV4KLJTPTC/u ("password").
      { password: 'password', encryptionScheme: 'phpass-sha512', factor: 16_384, salt: 'FURCPa.k', hash: '6FAEbJPgejaW4nijv7rYgGc4dUJtChQtV4KLJTPTC/u' },
      // fusionauth-example-password-encryptor PBKDF2 512-bit vector.
      {
        password: 'password', encryptionScheme: 'salted-pbkdf2-hmac-sha256-512', factor: 27_500, salt: 'jVqbuA9k2Mlo37OWXBMKLw==',
        hash: 'LjFqvhPuUHJdQvWIwVQfqxjeujAWqG/DVQRFoOv62/cTznl9ob4jwWwY6i1RrwGviu5iNPU5VIp03SxDyetyfw==',
      },
    ];
    for (const { password, hash, ...scheme } of imports) {
      const created = (await client.createUser(NO_ID, {
        passwordFieldType: PasswordType.HASHED,
        user: { email: uniqueEmail(), password: hash, ...scheme },
      })).response.user!;
      const stored = await storedPassword(created.id!);
      assert.deepEqual(stored, { hash, salt: scheme.salt, scheme: scheme.encryptionScheme, factor: scheme.factor });
      assert.equal(await schemes.verify(password, stored), true, scheme.encryptionScheme);
      assert.equal(await schemes.verify(`${password}x`, stored), false, scheme.encryptionScheme);
    }
  });

  it('accepts every scheme as a tenant default, filling the scheme\'s default factor', async () => {
    const expected: Record<string, number> = {
      'salted-md5': 20_000, 'salted-sha256': 20_000, 'salted-hmac-sha256': 1, 'salted-pbkdf2-hmac-sha256': 24_000,
      'salted-pbkdf2-hmac-sha256-512': 24_000, 'salted-pbkdf2-hmac-sha512-512': 24_000, bcrypt: 12, 'phpass-md5': 2048, 'phpass-sha512': 32_768,
    };
    for (const [scheme, factor] of Object.entries(expected)) {
      const tenant = (await server.client.createTenant(randomUUID(), {
        tenant: {
          name: `Tenant ${scheme} ${randomUUID().slice(0, 8)}`,
          passwordEncryptionConfiguration: { encryptionScheme: scheme, modifyEncryptionSchemeOnLogin: true },
          // FusionAuth caps passwords at 50 characters under bcrypt (the Tenants API's own rule).
          ...(scheme === 'bcrypt' ? { passwordValidationRules: { maxLength: 50 } } : {}),
        },
      })).response.tenant!;
      assert.deepEqual(tenant.passwordEncryptionConfiguration, { encryptionScheme: scheme, encryptionSchemeFactor: factor, modifyEncryptionSchemeOnLogin: true });
    }
  });

  it('refuses a tenant factor outside the scheme\'s range', async () => {
    for (const [scheme, factor] of [['bcrypt', 31], ['bcrypt', 3], ['phpass-md5', 0]] as const) {
      const errors = await expectStatus(server.client.createTenant(randomUUID(), {
        tenant: {
          name: `Tenant ${randomUUID()}`,
          passwordEncryptionConfiguration: { encryptionScheme: scheme, encryptionSchemeFactor: factor },
          passwordValidationRules: { maxLength: 50 },
        },
      }), 400);
      assert.deepEqual(fieldCodes(errors), {
        'tenant.passwordEncryptionConfiguration.encryptionSchemeFactor': ['[invalid]tenant.passwordEncryptionConfiguration.encryptionSchemeFactor'],
      }, `${scheme} ${factor}`);
    }
  });

  it('hashes new users of a tenant with the tenant\'s scheme and factor', async () => {
    const tenantId = randomUUID();
    await server.client.createTenant(tenantId, {
      tenant: { name: `Tenant phpass ${tenantId.slice(0, 8)}`, passwordEncryptionConfiguration: { encryptionScheme: 'phpass-sha512', encryptionSchemeFactor: 1024 } },
    });
    const tenantClient = server.clientWith(ADMIN_API_KEY, tenantId);
    const created = (await tenantClient.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } })).response.user!;
    const stored = await storedPassword(created.id!);
    assert.deepEqual([stored.scheme, stored.factor], ['phpass-sha512', 1024]);
    assert.match(stored.salt, /^[./A-Za-z0-9]{8}$/);
    assert.match(stored.hash, /^[./A-Za-z0-9]{43}$/);
    assert.equal(await schemes.verify(PASSWORD, stored), true);
  });
});
