/**
 * The Two Factor APIs through the client: secrets, enabling and disabling an authenticator, the second
 * login step (seed 002 "Complete Two Factor Authentication"), recovery codes, start, trusted devices.
 * TOTP codes are computed here from the secret with `otpauth`, at the server's (test) clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures, type NewUser } from './helpers/login-fixtures.js';
import { ADMIN_API_KEY } from './helpers/gatehouse.js';

const STEP = 30_000;

describe('two factor', () => {
  let f: LoginFixtures;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  const codeAt = (base32: string, at: number): string =>
    new TOTP({ secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
  const now = (): number => f.server.clock.now();
  /** Moves to the next time step, so that a fresh authenticator code exists. */
  const nextStep = (): void => f.server.clock.advance(STEP);

  async function withAuthenticator(): Promise<{ user: NewUser; base32: string; recoveryCodes: string[] }> {
    const user = await f.newUser({ applicationId });
    const secret = (await f.client.generateTwoFactorSecret()).response;
    const enabled = await f.client.enableTwoFactor(user.id, { method: 'authenticator', secretBase32Encoded: secret.secretBase32Encoded!, code: codeAt(secret.secretBase32Encoded!, now()) });
    assert.equal(enabled.statusCode, 200);
    nextStep();
    return { user, base32: secret.secretBase32Encoded!, recoveryCodes: enabled.response.recoveryCodes! };
  }

  async function challenge(user: NewUser): Promise<string> {
    const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
    assert.equal(response.statusCode, 242);
    return response.response.twoFactorId!;
  }

  it('generates a 20-byte secret, base64 and base32 encoded, with an API key or an access token', async () => {
    const { secret, secretBase32Encoded } = (await f.client.generateTwoFactorSecret()).response;
    assert.equal(Buffer.from(secret!, 'base64').length, 20);
    assert.deepEqual(Buffer.from(Secret.fromBase32(secretBase32Encoded!).bytes), Buffer.from(secret!, 'base64'));
    const user = await f.newUser({ applicationId });
    const token = (await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).response.token!;
    const viaJwt = await f.anonymous.generateTwoFactorSecretUsingJWT(token);
    assert.equal(Buffer.from(viaJwt.response.secret!, 'base64').length, 20);
    await expectStatus(f.anonymous.generateTwoFactorSecretUsingJWT('not-a-jwt'), 401);
  });

  it('enables an authenticator with a valid code: ten recovery codes once, a 4-character method id, no secret shown', async () => {
    const user = await f.newUser({ applicationId });
    const { secret } = (await f.client.generateTwoFactorSecret()).response;
    const base32 = new Secret({ buffer: new Uint8Array(Buffer.from(secret!, 'base64')).buffer }).base32;
    await expectStatus(f.client.enableTwoFactor(user.id, { method: 'authenticator', secret: secret!, code: '000000' === codeAt(base32, now()) ? '111111' : '000000' }), 421);
    const missing = await expectStatus(f.client.enableTwoFactor(user.id, { method: 'authenticator', secret: secret! }), 400);
    assert.deepEqual(fieldCodes(missing), { code: ['[blank]code'] });
    const enabled = await f.client.enableTwoFactor(user.id, { method: 'authenticator', secret: secret!, code: codeAt(base32, now()) });
    assert.equal(enabled.response.recoveryCodes?.length, 10);
    assert.equal(new Set(enabled.response.recoveryCodes).size, 10);
    const stored = (await f.client.retrieveUser(user.id)).response.user!;
    const methods = stored.twoFactor?.methods ?? [];
    assert.equal(methods.length, 1);
    assert.match(methods[0]!.id!, /^[A-Z0-9]{4}$/);
    assert.equal(methods[0]!.method, 'authenticator');
    assert.equal(methods[0]!.secret, undefined);
    assert.deepEqual(methods[0]!.authenticator, { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 });
    const again = await expectStatus(f.client.enableTwoFactor(user.id, { method: 'authenticator', secret: secret!, code: codeAt(base32, now()) }), 400);
    assert.deepEqual(fieldCodes(again), { method: ['[duplicate]method'] });
    await expectStatus(f.client.enableTwoFactor('00000000-0000-0000-0000-00000000dead', { method: 'authenticator', secret: secret!, code: '123456' }), 404);
  });

  it('completes a login with the authenticator code: 200 with tokens; the same code cannot be used twice', async () => {
    const { user, base32 } = await withAuthenticator();
    const code = codeAt(base32, now());
    const response = await f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code, applicationId, ipAddress: '10.1.2.3' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.response.user?.id, user.id);
    assert.ok(response.response.token);
    assert.equal((await f.verify(response.response.token!)).sub, user.id);
    const records = (await f.client.searchLoginRecords({ search: { userId: user.id } })).response.logins!;
    assert.equal(records[0]?.ipAddress, '10.1.2.3');
    // Replay of the same code (same step) on a fresh challenge.
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code, applicationId }), 421);
    // The next step's code (one step of clock skew) is accepted, once.
    const skewed = codeAt(base32, now() + STEP);
    assert.equal((await f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code: skewed, applicationId })).statusCode, 200);
  });

  it('the code that enabled the authenticator cannot also complete a login', async () => {
    const user = await f.newUser({ applicationId });
    const secret = (await f.client.generateTwoFactorSecret()).response;
    const code = codeAt(secret.secretBase32Encoded!, now());
    assert.equal((await f.client.enableTwoFactor(user.id, { method: 'authenticator', secret: secret.secret!, code })).statusCode, 200);
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code, applicationId }), 421);
  });

  it('404 for an unknown, used or expired twoFactorId; 400 for blank fields', async () => {
    const { user, base32 } = await withAuthenticator();
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: 'nope', code: '123456' }), 404);
    const blank = await expectStatus(f.anonymous.twoFactorLogin({ applicationId }), 400);
    assert.deepEqual(fieldCodes(blank), { code: ['[blank]code'], twoFactorId: ['[blank]twoFactorId'] });
    const malformed = await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: 'x', code: '1', applicationId: 'nope' }), 400);
    assert.deepEqual(fieldCodes(malformed), { applicationId: ['[couldNotConvert]applicationId'] });
    const used = await challenge(user);
    assert.equal((await f.anonymous.twoFactorLogin({ twoFactorId: used, code: codeAt(base32, now()), applicationId })).statusCode, 200);
    nextStep();
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: used, code: codeAt(base32, now()), applicationId }), 404);
    const expiring = await challenge(user);
    f.server.clock.advance(301_000);
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: expiring, code: codeAt(base32, now()), applicationId }), 404);
  });

  it('five wrong codes use the twoFactorId up', async () => {
    const { user, base32 } = await withAuthenticator();
    const twoFactorId = await challenge(user);
    const good = codeAt(base32, now());
    const wrong = good === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i += 1) await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId, code: wrong, applicationId }), 421);
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId, code: good, applicationId }), 404);
  });

  it('recovery codes work once each; regenerating replaces them', async () => {
    const { user, recoveryCodes } = await withAuthenticator();
    const [first, second] = recoveryCodes;
    assert.equal((await f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code: first!, applicationId })).statusCode, 200);
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code: first!, applicationId }), 421);
    const fresh = await f.client.generateTwoFactorRecoveryCodes(user.id);
    assert.equal(fresh.response.recoveryCodes?.length, 10);
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code: second!, applicationId }), 421);
    assert.equal((await f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code: fresh.response.recoveryCodes![3]!, applicationId })).statusCode, 200);
    // Retrieve answers the unused ones: the nine fresh codes not spent above.
    const unused = fresh.response.recoveryCodes!.filter((_, i) => i !== 3);
    assert.deepEqual((await f.client.retrieveTwoFactorRecoveryCodes(user.id)).response.recoveryCodes, unused);
  });

  it('trustComputer returns a trust id and the fusionauth.trust cookie; the trust skips the 242 until it expires', async () => {
    const { user, base32 } = await withAuthenticator();
    const twoFactorId = await challenge(user);
    const raw = await f.server.fetch('/api/two-factor/login', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ twoFactorId, code: codeAt(base32, now()), applicationId, trustComputer: true }),
    });
    assert.equal(raw.status, 200);
    const body = (await raw.json()) as { twoFactorTrustId?: string; trustToken?: string; token?: string };
    assert.ok(body.twoFactorTrustId);
    assert.ok(body.trustToken);
    assert.ok(body.token);
    const cookies = raw.headers.getSetCookie();
    assert.ok(cookies.some((c) => c.startsWith(`fusionauth.trust=${body.twoFactorTrustId};`) && c.includes('Max-Age=2592000') && c.includes('HttpOnly')));
    const trusted = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId, twoFactorTrustId: body.twoFactorTrustId! });
    assert.equal(trusted.statusCode, 200);
    const status = await f.client.retrieveTwoFactorStatus(user.id, applicationId, body.twoFactorTrustId!);
    assert.equal(status.statusCode, 200);
    assert.equal(status.response.twoFactorTrustId, body.twoFactorTrustId);
    assert.equal(status.response.trusts?.[0]?.applicationId, applicationId);
    assert.ok(status.response.trusts![0]!.expiration! > now());
    const viaPost = await f.client.retrieveTwoFactorStatusWithRequest({ userId: user.id, applicationId, twoFactorTrustId: body.twoFactorTrustId! });
    assert.equal(viaPost.statusCode, 200);
    // Another user's trust does not count; an expired one neither.
    const other = await withAuthenticator();
    assert.equal((await f.client.retrieveTwoFactorStatus(other.user.id, applicationId, body.twoFactorTrustId!)).statusCode, 242);
    f.server.clock.advance(2_592_001_000);
    assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId, twoFactorTrustId: body.twoFactorTrustId! })).statusCode, 242);
    assert.equal((await f.client.retrieveTwoFactorStatus(user.id, applicationId, body.twoFactorTrustId!)).statusCode, 242);
  });

  it('disables a method with a code; removing the last method clears the recovery codes', async () => {
    const { user, base32, recoveryCodes } = await withAuthenticator();
    const methodId = (await f.client.retrieveUser(user.id)).response.user!.twoFactor!.methods![0]!.id!;
    await expectStatus(f.client.disableTwoFactor(user.id, methodId, codeAt(base32, now() + 5 * STEP)), 421);
    const unknown = await expectStatus(f.client.disableTwoFactor(user.id, 'ZZZZ', codeAt(base32, now())), 400);
    assert.deepEqual(fieldCodes(unknown), { methodId: ['[invalid]methodId'] });
    assert.equal((await f.client.disableTwoFactor(user.id, methodId, codeAt(base32, now()))).statusCode, 200);
    assert.deepEqual((await f.client.retrieveUser(user.id)).response.user!.twoFactor?.methods ?? [], []);
    assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).statusCode, 200);
    await expectStatus(f.client.generateTwoFactorRecoveryCodes(user.id), 400);
    // Re-enabling issues a new set: the old codes are gone.
    const secret = (await f.client.generateTwoFactorSecret()).response;
    const again = await f.client.enableTwoFactor(user.id, { method: 'authenticator', secret: secret.secret!, code: codeAt(secret.secretBase32Encoded!, now()) });
    assert.equal(again.response.recoveryCodes?.length, 10);
    assert.ok(!again.response.recoveryCodes!.includes(recoveryCodes[0]!));
    // A recovery code may disable a method.
    const secondId = (await f.client.retrieveUser(user.id)).response.user!.twoFactor!.methods![0]!.id!;
    assert.equal((await f.client.disableTwoFactorWithRequest(user.id, { methodId: secondId, code: again.response.recoveryCodes![0]! })).statusCode, 200);
  });

  it('starts a two-factor login for a user: the returned code completes it, with the state', async () => {
    const { user } = await withAuthenticator();
    const started = await f.client.startTwoFactorLogin({ loginId: user.email, applicationId, state: { from: 'start' } });
    assert.equal(started.statusCode, 200);
    assert.match(started.response.code!, /^\d{6}$/);
    assert.equal(started.response.methods?.[0]?.method, 'authenticator');
    assert.equal(started.response.methods?.[0]?.secret, undefined);
    const done = await f.anonymous.twoFactorLogin({ twoFactorId: started.response.twoFactorId!, code: started.response.code!, applicationId });
    assert.equal(done.statusCode, 200);
    assert.deepEqual(done.response.state, { from: 'start' });
    const noMethods = await f.newUser({ applicationId });
    await expectStatus(f.client.startTwoFactorLogin({ userId: noMethods.id, applicationId }), 400);
    await expectStatus(f.client.startTwoFactorLogin({ loginId: 'nobody@example.com', applicationId }), 404);
  });

  it('renames a method (PUT) and enables and disables with an access token in place of an API key', async () => {
    const user = await f.newUser({ applicationId });
    const token = (await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).response.token!;
    const secret = (await f.anonymous.generateTwoFactorSecretUsingJWT(token)).response;
    const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const enabled = await f.server.fetch('/api/user/two-factor', {
      method: 'POST', headers: bearer,
      body: JSON.stringify({ method: 'authenticator', secret: secret.secret, code: codeAt(secret.secretBase32Encoded!, now()), name: 'Phone' }),
    });
    assert.equal(enabled.status, 200);
    assert.equal(((await enabled.json()) as { recoveryCodes: string[] }).recoveryCodes.length, 10);
    const methodId = (await f.client.retrieveUser(user.id)).response.user!.twoFactor!.methods![0]!.id!;
    assert.equal((await f.client.retrieveUser(user.id)).response.user!.twoFactor!.methods![0]!.name, 'Phone');
    assert.equal((await f.client.updateTwoFactor(user.id, { methodId, name: 'Work phone' })).statusCode, 200);
    assert.equal((await f.client.retrieveUser(user.id)).response.user!.twoFactor!.methods![0]!.name, 'Work phone');
    const unknown = await expectStatus(f.client.updateTwoFactor(user.id, { methodId: 'NOPE', name: 'x' }), 400);
    assert.deepEqual(fieldCodes(unknown), { methodId: ['[invalid]methodId'] });
    nextStep();
    const query = new URLSearchParams({ methodId, code: codeAt(secret.secretBase32Encoded!, now()) });
    assert.equal((await f.server.fetch(`/api/user/two-factor?${query}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.deepEqual((await f.client.retrieveUser(user.id)).response.user!.twoFactor?.methods ?? [], []);
    assert.equal((await f.server.fetch('/api/user/two-factor', { method: 'POST', headers: { ...bearer, authorization: 'Bearer nope' }, body: '{}' })).status, 401);
  });

  it("status follows the application's trustPolicy: This counts only a trust made for that application", async () => {
    const strict = await f.createApplication({ multiFactorConfiguration: { loginPolicy: 'Enabled' as never, trustPolicy: 'This' as never } });
    const { user, base32 } = await withAuthenticator();
    const done = await f.anonymous.twoFactorLogin({ twoFactorId: await challenge(user), code: codeAt(base32, now()), applicationId, trustComputer: true });
    const trustId = (done.response as { twoFactorTrustId?: string }).twoFactorTrustId!;
    assert.equal((await f.client.retrieveTwoFactorStatus(user.id, applicationId, trustId)).statusCode, 200);
    assert.equal((await f.client.retrieveTwoFactorStatus(user.id, strict, trustId)).statusCode, 242);
  });

  it('the endpoints that need an API key answer 401 without one', async () => {
    const user = await f.newUser({ applicationId });
    await expectStatus(f.anonymous.generateTwoFactorSecret(), 401);
    await expectStatus(f.anonymous.enableTwoFactor(user.id, { method: 'authenticator', secret: 'AAAA', code: '123456' }), 401);
    await expectStatus(f.anonymous.startTwoFactorLogin({ userId: user.id }), 401);
    await expectStatus(f.server.clientWith('wrong-' + ADMIN_API_KEY).retrieveTwoFactorRecoveryCodes(user.id), 401);
  });
});
