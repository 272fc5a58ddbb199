import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { allowList } from '../src/core/allow-list.js';
import { UserResponseSchema } from '../src/api/user/model.js';

/** What the compiled allow-list must equal: TypeBox's own Clean on a clone. */
const reference = (schema: Parameters<typeof Value.Clean>[0], value: unknown): unknown => Value.Clean(schema, structuredClone(value));

const storedUser = () => ({
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: '00000000-0000-4000-8000-000000000002',
  email: 'ada@example.com',
  active: true,
  insertInstant: 1,
  data: { nested: { deep: [1, { x: null }] }, secret: 'data is free-form and kept' },
  password: 'hash-that-must-not-leave',
  salt: 'salt',
  factor: 24000,
  twoFactorSecret: 'legacy secret',
  unknownTopLevel: { anything: true },
  preferredLanguages: ['en', 'fr'],
  identities: [{ type: 'email', value: 'ada@example.com', primary: true, extra: 'dropped' }],
  memberships: [{ id: 'm', groupId: 'g', data: { a: 1 }, notDeclared: 'dropped' }],
  registrations: [
    { id: 'r', applicationId: 'a', roles: ['admin'], tokens: { idp: 'token' }, data: {}, authenticationTokenHash: 'dropped' },
    'not an object',
  ],
  twoFactor: {
    methods: [{ id: 'x', method: 'authenticator', secret: 'totp secret', authenticator: { algorithm: 'HmacSHA1', codeLength: 6, extra: 1 } }],
    recoveryCodes: [],
  },
  usernameStatus: 'ACTIVE',
  passwordChangeReason: 'Administrative',
});

describe('compiled response allow-lists', () => {
  it('keep exactly what TypeBox Clean keeps for a User', () => {
    const input = storedUser();
    const cleaned = allowList(UserResponseSchema)(input);
    assert.deepEqual(cleaned, reference(UserResponseSchema, input));
    const json = JSON.stringify(cleaned);
    for (const secret of ['hash-that-must-not-leave', 'totp secret', 'legacy secret', 'dropped', '24000', 'unknownTopLevel']) {
      assert.equal(json.includes(secret), false, secret);
    }
    assert.equal(json.includes('data is free-form and kept'), true);
  });

  it('keep values of the wrong shape as they are, as Clean does', () => {
    const odd = { email: { not: 'a string' }, registrations: 'not an array', memberships: [null, 3], twoFactor: ['x'], data: [1, 2], identities: { 0: 'x' } };
    assert.deepEqual(allowList(UserResponseSchema)(odd), reference(UserResponseSchema, odd));
    assert.deepEqual(allowList(UserResponseSchema)(null), null);
    assert.deepEqual(allowList(UserResponseSchema)('text'), 'text');
  });

  it('copy: the result shares nothing with the input, and the input is unchanged', () => {
    const input = storedUser();
    const before = structuredClone(input);
    const cleaned = allowList<{ data: { nested: { deep: unknown[] } }; registrations: { roles: string[] }[] }>(UserResponseSchema)(input);
    assert.deepEqual(input, before);
    cleaned.data.nested.deep.push('changed');
    cleaned.registrations[0]!.roles.push('changed');
    assert.deepEqual(input, before);
  });

  it('drop own properties named like Object.prototype members, which Clean would let through', () => {
    const input = JSON.parse('{"email":"a@b.c","constructor":"x","toString":"y","__proto__":{"polluted":true},"data":{"__proto__":{"kept":"as data"}}}') as unknown;
    const cleaned = allowList<Record<string, unknown>>(UserResponseSchema)(input);
    assert.deepEqual(Object.keys(cleaned), ['email', 'data']);
    assert.equal(JSON.stringify(cleaned), '{"email":"a@b.c","data":{"__proto__":{"kept":"as data"}}}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('leave what they do not compile (unions of objects, additionalProperties schemas) to TypeBox', () => {
    const schema = Type.Object({
      choice: Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Number() })]),
      open: Type.Object({ known: Type.String() }, { additionalProperties: Type.Object({ inner: Type.String() }) }),
      list: Type.Array(Type.Object({ keep: Type.Boolean() })),
    });
    const value = { choice: { b: 1, c: 2 }, open: { known: 'k', other: { inner: 'i', drop: 1 }, bad: 3 }, list: [{ keep: true, drop: 1 }], gone: 1 };
    assert.deepEqual(allowList(schema)(value), reference(schema, value));
  });
});
