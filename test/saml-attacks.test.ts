import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { base64, buildResponse, createTestIdp, randomId, signAssertion, signResponse } from './helpers/saml-idp.js';
import { EMAIL, samlLoginFixture, type SamlLoginFixture } from './helpers/saml-login-fixture.js';

const BASE_URL = 'https://login.piedpiper.com';

/** The assertion element of a (signed) response, as text. */
const assertionOf = (xml: string): string => /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];

/**
 * Issue 6 item 5: every forged or misused SAML response is refused (401) by the verifier that completes a
 * login, before anything is created — and, where it matters, the started request stays usable, so the
 * forgery did not even consume it.
 */
describe('SAML v2 response attacks', () => {
  let server: TestServer;
  let saml: SamlLoginFixture;

  before(async () => {
    server = await startTestServer({ FUSIONAUTH_APP_URL: BASE_URL });
    saml = await samlLoginFixture(server, BASE_URL);
  });
  after(() => server.stop());

  /** The forgery was refused and the genuine response for the same request still completes. */
  async function requestStillUsable(requestId: string): Promise<void> {
    const login = await saml.verify(base64(signAssertion(saml.response(requestId), saml.idp)));
    assert.equal(login.request.id, requestId);
  }

  it('refuses an unsigned assertion', async () => {
    const requestId = await saml.start();
    assert.match(await saml.refused(base64(saml.response(requestId))), /signature/i);
    await requestStillUsable(requestId);
  });

  it('refuses an assertion signed by another key, even with that key in KeyInfo', async () => {
    const requestId = await saml.start();
    const attacker = await createTestIdp(saml.idp.entityId);
    assert.match(await saml.refused(base64(signAssertion(saml.response(requestId), attacker))), /signature/i);
    assert.match(await saml.refused(base64(signResponse(saml.response(requestId), attacker))), /signature/i);
    await requestStillUsable(requestId);
  });

  it('refuses an assertion edited after signing', async () => {
    const requestId = await saml.start();
    const signed = signAssertion(saml.response(requestId), saml.idp);
    assert.ok(signed.includes(EMAIL));
    await saml.refused(base64(signed.replace(EMAIL, 'ceo@hooli.com')));
    await saml.refused(base64(signed.replace('richard.hendricks', 'gavin.belson')));
    await requestStillUsable(requestId);
  });

  it('refuses signature wrapping: an extra unsigned assertion before or after the signed one', async () => {
    const requestId = await saml.start();
    const signed = signAssertion(saml.response(requestId), saml.idp);
    const evil = assertionOf(saml.response(requestId, { nameId: 'gavin.belson', attributes: { email: 'ceo@hooli.com' }, assertionId: randomId() }));
    const original = assertionOf(signed);
    await saml.refused(base64(signed.replace(original, evil + original)));
    await saml.refused(base64(signed.replace(original, original + evil)));
    await requestStillUsable(requestId);
  });

  it('refuses signature wrapping: the signed assertion moved and an unsigned one in its place', async () => {
    const requestId = await saml.start();
    const signed = signAssertion(saml.response(requestId), saml.idp);
    const original = assertionOf(signed);
    const evil = assertionOf(saml.response(requestId, { nameId: 'gavin.belson', attributes: { email: 'ceo@hooli.com' }, assertionId: randomId() }));
    // The signed assertion hidden in the Response's Extensions, the forged one where it was.
    const moved = signed.replace(original, evil).replace('<samlp:Status>', `<samlp:Extensions>${original}</samlp:Extensions><samlp:Status>`);
    await saml.refused(base64(moved));
    // The forged assertion carrying the genuine signature (same ID), the genuine one hidden.
    const signature = /<Signature[\s\S]*<\/Signature>/.exec(original)![0];
    const originalId = /ID="([^"]+)"/.exec(original)![1]!;
    const cloned = evil.replace(/ID="[^"]+"/, `ID="${originalId}"`).replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
    await saml.refused(base64(signed.replace(original, cloned).replace('<samlp:Status>', `<samlp:Extensions>${original}</samlp:Extensions><samlp:Status>`)));
    // A signed Response whose assertion is swapped for a forged one.
    const signedResponse = signResponse(saml.response(requestId), saml.idp);
    await saml.refused(base64(signedResponse.replace(assertionOf(signedResponse), evil)));
    await requestStillUsable(requestId);
  });

  it('never truncates a NameID or email at an injected comment', async () => {
    const forNameId = await samlLoginFixture(server, BASE_URL, { useNameIdForEmail: true });
    const full = 'richard@piedpiper.com.evil.com';
    const requestId = await forNameId.start();
    const signed = signAssertion(forNameId.response(requestId, { nameId: full, attributes: { email: full } }), forNameId.idp);
    // Comments are not part of the exclusive canonical form, so the signature still verifies …
    const injected = signed.replaceAll(`>${full}<`, '>richard@piedpiper.com<!---->.evil.com<');
    assert.equal(injected.split('<!---->').length, 3);
    const login = await forNameId.verify(base64(injected));
    // … but the value read is the whole signed value, never `richard@piedpiper.com`.
    assert.equal(login.assertion.nameId, full);
    assert.equal(login.email, full);
    assert.deepEqual(login.assertion.attributes.email, [full]);

    const byClaim = await saml.start();
    const claimSigned = signAssertion(saml.response(byClaim, { attributes: { email: full } }), saml.idp);
    const claimLogin = await saml.verify(base64(claimSigned.replace(`>${full}<`, '>richard@piedpiper.com<!-- x -->.evil.com<')));
    assert.equal(claimLogin.email, full);
  });

  it('refuses a DTD, an external entity or an entity expansion', async () => {
    const requestId = await saml.start();
    const signed = signAssertion(saml.response(requestId), saml.idp);
    const xxe = `<?xml version="1.0"?><!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${signed.replace(EMAIL, '&xxe;')}`;
    assert.match(await saml.refused(base64(xxe)), /DTD/);
    const laughs = `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${signed}`;
    assert.match(await saml.refused(base64(laughs)), /DTD/);
    assert.match(await saml.refused(base64(`<!DOCTYPE samlp:Response SYSTEM "http://evil.example/saml.dtd">${signed}`)), /DTD/);
    await requestStillUsable(requestId);
  });

  it('refuses an expired or not-yet-valid assertion', async () => {
    const requestId = await saml.start();
    const expired = saml.response(requestId, { now: server.clock.now() - 10 * 60_000 });
    assert.match(await saml.refused(base64(signAssertion(expired, saml.idp))), /SubjectConfirmation/);
    const early = saml.response(requestId, { notBeforeOffset: 5 * 60_000, notOnOrAfterOffset: 10 * 60_000 });
    assert.match(await saml.refused(base64(signAssertion(early, saml.idp))), /not yet valid/);
    // A valid response that is only used after its window has passed.
    const late = await saml.signedLogin();
    server.clock.advance(6 * 60_000);
    try {
      await saml.refused(late.samlResponse);
    } finally {
      server.clock.advance(-6 * 60_000);
    }
    await requestStillUsable(requestId);
  });

  it('refuses a wrong audience, destination or recipient, another issuer, or a failed status', async () => {
    const requestId = await saml.start();
    const forged = (overrides: Parameters<SamlLoginFixture['response']>[1]) => base64(signAssertion(saml.response(requestId, overrides), saml.idp));
    assert.match(await saml.refused(forged({ audience: 'https://other-sp.example.com' })), /audience|Audience/);
    assert.match(await saml.refused(forged({ audience: undefined })), /audience|Audience|AudienceRestriction/i);
    assert.match(await saml.refused(forged({ destination: 'https://other-sp.example.com/acs' })), /Destination/);
    assert.match(await saml.refused(forged({ destination: undefined })), /Destination/);
    assert.match(await saml.refused(forged({ recipient: 'https://other-sp.example.com/acs' })), /recipient/);
    assert.match(await saml.refused(forged({ status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' })), /status/);
    const signed = signAssertion(saml.response(requestId), saml.idp);
    assert.match(await saml.refused(base64(signed.replace(`<saml:Issuer>${saml.idp.entityId}</saml:Issuer><samlp:Status>`, '<saml:Issuer>https://evil.example</saml:Issuer><samlp:Status>'))), /issuers differ/);
    await requestStillUsable(requestId);
  });

  it('refuses an unknown, missing or already used InResponseTo (replay)', async () => {
    const unknown = base64(signAssertion(saml.response('id-never-started'), saml.idp));
    assert.match(await saml.refused(unknown), /pending request/);
    const unsolicited = base64(signAssertion(buildResponse({ issuer: saml.idp.entityId, destination: saml.acs, recipient: saml.acs, audience: saml.spEntityId, now: server.clock.now() }), saml.idp));
    assert.match(await saml.refused(unsolicited), /unsolicited/);

    const { requestId, samlResponse } = await saml.signedLogin();
    await saml.verify(samlResponse);
    assert.match(await saml.refused(samlResponse), /pending request|already/);

    // The same signed assertion presented again under a fresh request id (its confirmation names no request).
    const open = await saml.start();
    const reusable = signAssertion(saml.response(open, { subjectInResponseTo: null }), saml.idp);
    await saml.verify(base64(reusable));
    const fresh = await saml.start();
    assert.match(await saml.refused(base64(reusable.replace(`InResponseTo="${open}"`, `InResponseTo="${fresh}"`))), /already used/);
    // And an assertion bound to one request cannot answer another.
    const bound = signAssertion(saml.response(requestId), saml.idp).replace(`InResponseTo="${requestId}" `, `InResponseTo="${fresh}" `);
    assert.match(await saml.refused(base64(bound)), /SubjectConfirmation/);
    await requestStillUsable(fresh);
  });

  it('lets only one of several concurrent uses of one response through', async () => {
    const { samlResponse } = await saml.signedLogin();
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => saml.verify(samlResponse)));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') assert.equal((outcome.reason as { status: number }).status, 401);
  });

  it('refuses a response to a request that expired, or that was started for another application or provider', async () => {
    const expiring = await saml.start();
    server.clock.advance(301_000);
    try {
      await saml.refused(base64(signAssertion(saml.response(expiring), saml.idp)));
    } finally {
      server.clock.advance(-301_000);
    }
    const other = await samlLoginFixture(server, BASE_URL);
    const otherRequest = await other.start();
    assert.match(await saml.refused(base64(signAssertion(saml.response(otherRequest), saml.idp))), /pending request/);
  });

  it('refuses a disabled provider, or one disabled for the application or whose application is inactive', async () => {
    const fixture = await samlLoginFixture(server, BASE_URL);
    const requestId = await fixture.start();
    const samlResponse = base64(signAssertion(fixture.response(requestId), fixture.idp));
    const id = fixture.provider.id!;
    await server.client.patchIdentityProvider(id, { identityProvider: { enabled: false } });
    assert.match(await fixture.refused(samlResponse), /disabled/);
    await server.client.patchIdentityProvider(id, { identityProvider: { enabled: true, applicationConfiguration: { [fixture.applicationId]: { enabled: false } } } });
    assert.match(await fixture.refused(samlResponse), /not enabled for this application/);
    await server.client.patchIdentityProvider(id, { identityProvider: { applicationConfiguration: { [fixture.applicationId]: { enabled: true } } } });
    const deactivated = await server.fetch(`/api/application/${fixture.applicationId}`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(deactivated.status, 200);
    assert.match(await fixture.refused(samlResponse), /not enabled for this application/);
  });

  it('refuses an oversized document before parsing it', async () => {
    const requestId = await saml.start();
    const huge = saml.response(requestId, { attributes: { email: EMAIL, padding: 'x'.repeat(300 * 1024) } });
    assert.match(await saml.refused(base64(signAssertion(huge, saml.idp))), /larger than allowed/);
    assert.match(await saml.refused('not base64 at all!'), /base64/);
    assert.match(await saml.refused(base64('<samlp:Response')), /well-formed/);
    await requestStillUsable(requestId);
  });
});
