import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IdentityProviderLinkingStrategy } from '@fusionauth/typescript-client';
import { createIdentityProviderLinkStore } from '../src/api/identity-provider/link-store.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { createProvider, samlProvider, unique } from './helpers/identity-provider-fixtures.js';
import { base64, buildResponse, signResponse } from './helpers/saml-idp.js';
import { startSamlHttp, uniqueEmail, type SamlHttp } from './helpers/saml-login-http.js';
import type { SamlLoginFixture } from './helpers/saml-login-fixture.js';

const NO_ID = null as unknown as string;

/** Seed 003 "Complete a SAML v2 Login": the successful logins, the reconcile, and the refusals that create nothing. */
describe('Complete a SAML v2 login', () => {
  let h: SamlHttp;
  let saml: SamlLoginFixture;

  before(async () => {
    h = await startSamlHttp();
    saml = await h.fixture();
    const { client } = h.server;
    await client.createApplicationRole(saml.applicationId, NO_ID, { role: { name: 'user', isDefault: true } });
    await client.createApplicationRole(saml.applicationId, NO_ID, { role: { name: 'admin' } });
    await client.patchApplication(saml.applicationId, { application: { loginConfiguration: { generateRefreshTokens: true } } });
  });
  after(() => h.server.stop());

  const links = () => createIdentityProviderLinkStore(h.server.running.database);

  it('200: creates the user (no password, verified), the registration with default roles and the link; answers tokens and cookies', async () => {
    const email = uniqueEmail('richard');
    const samlResponse = await h.signed(saml, { email, nameId: 'richard-at-idp' }, { redirect: '/dashboard' });
    const { status, body, cookies } = await h.raw({
      ...h.request(saml, samlResponse), ipAddress: '10.1.2.3', metaData: { device: { name: 'Laptop', type: 'BROWSER' } },
    });
    assert.equal(status, 200);
    const user = body!.user!;
    assert.equal(user.email, email);
    assert.equal(user.verified, true);
    assert.equal(user.tenantId, h.tenantId);
    assert.equal(user.lastLoginInstant !== undefined && Math.abs(user.lastLoginInstant - h.server.clock.now()) < 5_000, true);
    assert.equal(user.registrations?.length, 1);
    assert.equal(user.registrations![0]!.applicationId, saml.applicationId);
    assert.deepEqual(user.registrations![0]!.roles, ['user']);
    assert.deepEqual(body!.state, { redirect: '/dashboard' });
    assert.ok(body!.refreshToken);
    assert.ok(body!.refreshTokenId);
    assert.ok(body!.tokenExpirationInstant! > h.server.clock.now());

    const claims = await h.verify(body!.token!);
    assert.equal(claims.sub, user.id);
    assert.equal(claims.authenticationType, 'SAMLv2');
    assert.equal(claims.applicationId, saml.applicationId);
    assert.deepEqual(claims.roles, ['user']);
    assert.equal(claims.tid, h.tenantId);
    assert.ok(cookies.access_token?.startsWith(`access_token=${body!.token}`));
    assert.match(cookies.access_token!, /HttpOnly/);
    assert.ok(cookies.refresh_token?.startsWith(`refresh_token=${body!.refreshToken}`));

    const link = await links().find({ identityProviderId: saml.provider.id!, tenantId: h.tenantId, identityProviderUserId: 'richard-at-idp' });
    assert.equal(link?.userId, user.id);
    assert.equal(link?.displayName, email);
    assert.ok(link?.lastLoginInstant);
    // No password: a password login cannot find one to match.
    const stored = await h.server.running.database.db.selectFrom('users').select('password_hash').where('id', '=', user.id!).executeTakeFirstOrThrow();
    assert.equal(stored.password_hash, null);

    const records = await h.server.client.searchLoginRecords({ search: { userId: user.id! }, retrieveTotal: true });
    assert.equal(records.response.total, 1);
    assert.equal(records.response.logins![0]!.applicationId, saml.applicationId);
    assert.equal(records.response.logins![0]!.ipAddress, '10.1.2.3');
    assert.equal(records.response.logins![0]!.loginId, email);
  });

  it('200 again: the link finds the user, even when the email at the IdP changed; nothing new is created', async () => {
    const email = uniqueEmail('dinesh');
    const first = await h.login(saml, { email, nameId: 'dinesh-at-idp' });
    const before = await h.counts();
    const second = await h.login(saml, { email: uniqueEmail('dinesh-new'), nameId: 'dinesh-at-idp' });
    assert.equal(second.statusCode, 200);
    assert.equal(second.response.user!.id, first.response.user!.id);
    assert.equal(second.response.user!.email, email);
    const after = await h.counts();
    // The second login adds its login record and refresh token, nothing else.
    assert.deepEqual({ ...after, loginRecords: after.loginRecords - 1, refreshTokens: after.refreshTokens - 1 }, before);
  });

  it('200: links an existing user by email (case-insensitively) and registers them; the X-Forwarded-For address is recorded', async () => {
    const email = uniqueEmail('gilfoyle');
    const created = await h.server.client.createUser(NO_ID, { user: { email, password: 'password-1234' } });
    const userId = created.response.user!.id!;
    const samlResponse = await h.signed(saml, { email: email.toUpperCase(), nameId: 'gilfoyle-at-idp' });
    const { status, body } = await h.raw(h.request(saml, samlResponse), { 'x-forwarded-for': '192.168.1.42, 10.0.0.1' });
    assert.equal(status, 200);
    assert.equal(body!.user!.id, userId);
    assert.deepEqual(body!.user!.registrations!.map((r) => [r.applicationId, r.roles]), [[saml.applicationId, ['user']]]);
    assert.equal((await links().listForUser(userId)).length, 1);
    const records = await h.server.client.searchLoginRecords({ search: { userId } });
    assert.equal(records.response.logins![0]!.ipAddress, '192.168.1.42');
    // The existing password still works.
    assert.equal((await h.server.client.login({ loginId: email, password: 'password-1234', applicationId: saml.applicationId })).statusCode, 200);
  });

  it('200 with noJWT: no token, no refresh token and no cookies', async () => {
    const samlResponse = await h.signed(saml, { email: uniqueEmail('nojwt') });
    const { status, body, cookies } = await h.raw(h.request(saml, samlResponse, { noJWT: true }));
    assert.equal(status, 200);
    assert.equal(body!.token, undefined);
    assert.equal(body!.refreshToken, undefined);
    assert.deepEqual(cookies, {});
  });

  it('202: createRegistration off and the user not registered — the user and link exist, without a registration', async () => {
    const manual = await h.fixture();
    await h.server.client.patchIdentityProvider(manual.provider.id!, {
      identityProvider: { applicationConfiguration: { [manual.applicationId]: { enabled: true, createRegistration: false } } } as never,
    });
    const email = uniqueEmail('jared');
    const response = await h.login(manual, { email });
    assert.equal(response.statusCode, 202);
    assert.equal(response.response.user!.email, email);
    assert.deepEqual(response.response.user!.registrations ?? [], []);
    assert.ok(response.response.token);
    assert.equal(response.response.refreshToken, undefined);
    assert.equal((await links().listForUser(response.response.user!.id!)).length, 1);

    // Registered by hand, the same user then logs in with 200.
    await h.server.client.register(response.response.user!.id!, { registration: { applicationId: manual.applicationId } });
    assert.equal((await h.login(manual, { email, nameId: email })).statusCode, 200);
  });

  it('404: noLink without a link, the Disabled strategy, and LinkByEmailForExistingUser without a user — nothing is created', async () => {
    const before = await h.counts();
    await expectStatus(h.login(saml, { email: uniqueEmail('nolink') }, { noLink: true }), 404);
    const disabled = await h.fixture({ linkingStrategy: IdentityProviderLinkingStrategy.Disabled });
    await expectStatus(h.login(disabled, { email: uniqueEmail('disabled') }), 404);
    const existingOnly = await h.fixture({ linkingStrategy: IdentityProviderLinkingStrategy.LinkByEmailForExistingUser });
    await expectStatus(h.login(existingOnly, { email: uniqueEmail('nobody') }), 404);
    assert.deepEqual(await h.counts(), before);

    // With a link, noLink logs in; LinkByEmailForExistingUser links a user who exists.
    const email = uniqueEmail('linked');
    assert.equal((await h.login(saml, { email, nameId: email })).statusCode, 200);
    assert.equal((await h.login(saml, { email, nameId: email }, { noLink: true })).statusCode, 200);
    assert.equal((await h.login(existingOnly, { email })).statusCode, 200);
  });

  it('LinkByUsername: links by the usernameClaim, and creates users with that username', async () => {
    const byUsername = await h.fixture({ linkingStrategy: IdentityProviderLinkingStrategy.LinkByUsername, usernameClaim: 'username' });
    const username = unique('erlich').replace(/\W/g, '');
    const existing = await h.server.client.createUser(NO_ID, { user: { username, password: 'password-1234' } });
    const linked = await h.login(byUsername, { attributes: { username } });
    assert.equal(linked.statusCode, 200);
    assert.equal(linked.response.user!.id, existing.response.user!.id);

    const newcomer = `${username}-new`;
    const created = await h.login(byUsername, { email: uniqueEmail('bachman'), attributes: { username: newcomer } });
    assert.equal(created.statusCode, 200);
    assert.equal(created.response.user!.username, newcomer);
  });

  it('401: an assertion without the email to link by, or a strategy Gatehouse does not run — nothing is created', async () => {
    const before = await h.counts();
    await expectStatus(h.login(saml, { attributes: { other: 'x' } }), 401);
    const pending = await h.fixture({ linkingStrategy: IdentityProviderLinkingStrategy.CreatePendingLink });
    await expectStatus(h.login(pending, { email: uniqueEmail('pending') }), 401);
    assert.deepEqual(await h.counts(), before);
  });

  it('401: a refused response answers an empty body (each attack is in saml-attacks.test.ts)', async () => {
    const requestId = await saml.start();
    const email = uniqueEmail('unsigned');
    const refused = await h.raw(h.request(saml, base64(saml.response(requestId, { attributes: { email }, nameId: email }))));
    assert.equal(refused.status, 401);
    assert.equal(refused.body, undefined);
    assert.deepEqual(refused.cookies, {});
  });

  it('401: a provider unknown, disabled, or not enabled for the application', async () => {
    const disabled = await createProvider(h.server.client, samlProvider(saml.keyId, saml.applicationId, { enabled: false }));
    await expectStatus(h.anonymous.identityProviderLogin({ identityProviderId: disabled.id!, applicationId: saml.applicationId, data: { samlResponse: 'PHg+' } }), 401);
    await expectStatus(h.anonymous.identityProviderLogin({ identityProviderId: '6f0b2c7e-0000-4000-8000-000000000000', applicationId: saml.applicationId, data: { samlResponse: 'PHg+' } }), 401);
  });

  it('400: missing or malformed fields, an unknown application, malformed JSON', async () => {
    assert.deepEqual(fieldCodes(await expectStatus(h.anonymous.identityProviderLogin({ data: { samlResponse: 'PHg+' } }), 400)), {
      applicationId: ['[missing]applicationId'], identityProviderId: ['[missing]identityProviderId'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(h.anonymous.identityProviderLogin({ identityProviderId: 'nope', applicationId: saml.applicationId, data: { samlResponse: 'PHg+' } }), 400)), {
      identityProviderId: ['[couldNotConvert]identityProviderId'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(h.anonymous.identityProviderLogin({ identityProviderId: saml.provider.id!, applicationId: saml.applicationId }), 400)), {
      'data.samlResponse': ['[missing]data.samlResponse'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(h.anonymous.identityProviderLogin({ identityProviderId: saml.provider.id!, applicationId: '6f0b2c7e-0000-4000-8000-000000000000', data: { samlResponse: 'PHg+' } }), 400)), {
      applicationId: ['[invalid]applicationId'],
    });
    const malformed = await h.server.fetch('/api/identity-provider/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"applicationId": ' });
    assert.equal(malformed.status, 400);
    const wrongType = await h.raw({ ...h.request(saml, 'PHg+'), data: { samlResponse: 42 } });
    assert.equal(wrongType.status, 400);
  });

  it('a tenant named by the request must be the application\'s (401 otherwise)', async () => {
    const other = '0d3a7b0e-0000-4000-8000-00000000abcd';
    await h.server.client.createTenant(other, { tenant: { name: unique('Other tenant') } });
    const samlResponse = await h.signed(saml, { email: uniqueEmail('tenant') });
    const wrong = await h.raw(h.request(saml, samlResponse), { 'x-fusionauth-tenantid': other });
    assert.equal(wrong.status, 401);
    const right = await h.raw(h.request(saml, await h.signed(saml, { email: uniqueEmail('tenant') })), { 'x-fusionauth-tenantid': h.tenantId });
    assert.equal(right.status, 200);
  });

  it('accepts a response signed on the Response element; without a start state, the body has none', async () => {
    const started = await h.server.client.startIdentityProviderLogin({ identityProviderId: saml.provider.id!, applicationId: saml.applicationId });
    const xml = buildResponse({
      issuer: saml.idp.entityId, inResponseTo: started.response.code!, destination: saml.acs, recipient: saml.acs, audience: saml.spEntityId,
      now: h.server.clock.now(), attributes: { email: uniqueEmail('response-signed') }, nameId: unique('nameid'),
    });
    const response = await h.anonymous.identityProviderLogin(h.request(saml, base64(signResponse(xml, saml.idp))));
    assert.equal(response.statusCode, 200);
    assert.equal(response.response.state, undefined);
  });
});
