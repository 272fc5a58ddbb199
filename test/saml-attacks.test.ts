import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SAMLv2IdentityProvider } from '@fusionauth/typescript-client';
import { ADMIN_API_KEY } from './helpers/gatehouse.js';
import { expectStatus } from './helpers/expect.js';
import { unique } from './helpers/identity-provider-fixtures.js';
import { base64, buildResponse, createTestIdp, randomId, signAssertion, signResponse, type ResponseOptions } from './helpers/saml-idp.js';
import { startSamlHttp, uniqueEmail, type SamlHttp } from './helpers/saml-login-http.js';
import type { SamlLoginFixture } from './helpers/saml-login-fixture.js';

/** The assertion element of a (signed) response, as text. */
const assertionOf = (xml: string): string => /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];

/** One forged or misused response, ready to post. */
interface Forged {
  readonly samlResponse: string;
  /** The provider (and application) the login names; the shared one when absent. */
  readonly fixture?: SamlLoginFixture;
  /** The request the forgery claimed to answer: a genuine response to it must still complete afterwards. */
  readonly requestId?: string;
  /** Undoes what forging changed on the server (the clock, a provider), once the login was refused. */
  readonly restore?: () => Promise<unknown> | void;
}

interface Attack {
  readonly name: string;
  /** The reason the provider's debug log (Event Log) gives: the refusal came from the intended check. */
  readonly reason: RegExp;
  forge(): Promise<Forged>;
}

/**
 * Issue 6 item 5: every forged or misused SAML response posted to `POST /api/identity-provider/login`
 * through the client is refused with 401 and creates nothing (no user, registration, link, refresh token
 * or login record); the provider's debug log names the check that refused it; and, where a request was
 * named, the forgery did not consume it.
 */
describe('SAML v2 response attacks, through POST /api/identity-provider/login', () => {
  let h: SamlHttp;
  let saml: SamlLoginFixture;
  /** A provider that takes the email from the NameID. */
  let byNameId: SamlLoginFixture;

  /** A debug provider whose application issues refresh tokens, so that an accepted forgery would show in every count. */
  async function attackFixture(extra: Partial<SAMLv2IdentityProvider> = {}): Promise<SamlLoginFixture> {
    const fixture = await h.fixture({ debug: true, ...extra });
    await h.server.client.patchApplication(fixture.applicationId, { application: { loginConfiguration: { generateRefreshTokens: true } } });
    return fixture;
  }

  before(async () => {
    h = await startSamlHttp();
    saml = await attackFixture();
    byNameId = await attackFixture({ useNameIdForEmail: true });
  });
  after(() => h.server.stop());

  /** A response that passes every check once signed, for a user the server has never seen. */
  const response = (requestId: string, overrides: Partial<ResponseOptions> = {}, fixture = saml): string => {
    const email = uniqueEmail('victim');
    return fixture.response(requestId, { nameId: email, attributes: { email }, ...overrides });
  };
  const signed = (requestId: string, overrides: Partial<ResponseOptions> = {}, fixture = saml): string =>
    signAssertion(response(requestId, overrides, fixture), fixture.idp);
  /** An assertion for the attacker's chosen identity, unsigned. */
  const evilAssertion = (requestId: string): string =>
    assertionOf(saml.response(requestId, { nameId: unique('gavin').replace(/\W/g, ''), attributes: { email: uniqueEmail('ceo') }, assertionId: randomId() }));
  /** The signed assertion hidden in the Response's Extensions. */
  const hideInExtensions = (xml: string, assertion: string): string =>
    xml.replace('<samlp:Status>', `<samlp:Extensions>${assertion}</samlp:Extensions><samlp:Status>`);

  /** Builds a forgery against a freshly started request of the shared provider. */
  const against = (build: (requestId: string) => string | Promise<string>) => async (): Promise<Forged> => {
    const requestId = await saml.start();
    return { samlResponse: base64(await build(requestId)), requestId };
  };
  /** A signed response of a provider of its own, which `patch` changes until `undo` restores it. */
  const whileDisabled = (patch: (f: SamlLoginFixture) => Partial<SAMLv2IdentityProvider>, undo: (f: SamlLoginFixture) => Partial<SAMLv2IdentityProvider>) => async (): Promise<Forged> => {
    const fixture = await attackFixture();
    const requestId = await fixture.start();
    const samlResponse = base64(signed(requestId, {}, fixture));
    const set = (change: Partial<SAMLv2IdentityProvider>) => h.server.client.patchIdentityProvider(fixture.provider.id!, { identityProvider: change as SAMLv2IdentityProvider });
    await set(patch(fixture));
    return { samlResponse, fixture, requestId, restore: () => set(undo(fixture)) };
  };
  /** Runs `forge` with the server's clock moved by `ms`; the clock moves back once the login was refused. */
  const withClockMoved = (ms: number, forge: () => Promise<Forged>) => async (): Promise<Forged> => {
    const forged = await forge();
    h.server.clock.advance(ms);
    return { ...forged, restore: () => h.server.clock.advance(-ms) };
  };

  /** `provider` is read when the row runs: the fixtures exist only once `before` ran. */
  const injectComment = (provider: () => SamlLoginFixture, where: 'NameID' | 'email') => async (): Promise<Forged> => {
    const fixture = provider();
    const requestId = await fixture.start();
    const email = uniqueEmail('richard');
    const full = `${email}.evil.com`;
    const xml = signAssertion(fixture.response(requestId, { nameId: where === 'NameID' ? full : unique('idp').replace(/\W/g, ''), attributes: { email: full } }), fixture.idp);
    // Comments are not part of the exclusive canonical form: the signature still verifies after the injection.
    const element = where === 'NameID' ? /(<saml:NameID[^>]*>)([^<]+)(<\/saml:NameID>)/ : /(<saml:Attribute Name="email"><saml:AttributeValue>)([^<]+)(<)/;
    const injected = xml.replace(element, (_m, open: string, value: string, close: string) => `${open}${value.replace('.evil.com', '<!---->.evil.com')}${close}`);
    assert.notEqual(injected, xml);
    return { samlResponse: base64(injected), fixture, requestId };
  };

  const attacks: readonly Attack[] = [
    { name: 'an unsigned assertion', reason: /signature/i, forge: against((id) => response(id)) },
    { name: 'an assertion signed by another key (its certificate in KeyInfo)', reason: /signature/i, forge: against(async (id) => signAssertion(response(id), await createTestIdp(saml.idp.entityId))) },
    { name: 'a response signed by another key', reason: /signature/i, forge: against(async (id) => signResponse(response(id), await createTestIdp(saml.idp.entityId))) },
    {
      name: 'an assertion whose email was edited after signing', reason: /signature|digest/i,
      forge: against((id) => { const xml = signed(id); return xml.replace(/victim-[0-9a-f]+@piedpiper\.com<\/saml:AttributeValue>/, 'ceo@hooli.com</saml:AttributeValue>'); }),
    },
    { name: 'an assertion whose NameID was edited after signing', reason: /signature|digest/i, forge: against((id) => signed(id).replace(/(<saml:NameID[^>]*>)[^<]+/, '$1gavin.belson')) },
    {
      name: 'signature wrapping: an extra unsigned assertion before the signed one', reason: /assertion/i,
      forge: against((id) => { const xml = signed(id); const original = assertionOf(xml); return xml.replace(original, evilAssertion(id) + original); }),
    },
    {
      name: 'signature wrapping: an extra unsigned assertion after the signed one', reason: /assertion/i,
      forge: against((id) => { const xml = signed(id); const original = assertionOf(xml); return xml.replace(original, original + evilAssertion(id)); }),
    },
    {
      name: 'signature wrapping: the signed assertion moved to Extensions, a forged one in its place', reason: /signature|assertion/i,
      forge: against((id) => { const xml = signed(id); const original = assertionOf(xml); return hideInExtensions(xml.replace(original, evilAssertion(id)), original); }),
    },
    {
      name: 'signature wrapping: the genuine signature and ID on a forged assertion, the signed one moved', reason: /signature|assertion/i,
      forge: against((id) => {
        const xml = signed(id);
        const original = assertionOf(xml);
        const signature = /<Signature[\s\S]*<\/Signature>/.exec(original)![0];
        const originalId = /ID="([^"]+)"/.exec(original)![1]!;
        const cloned = evilAssertion(id).replace(/ID="[^"]+"/, `ID="${originalId}"`).replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
        return hideInExtensions(xml.replace(original, cloned), original);
      }),
    },
    {
      name: 'signature wrapping: a signed Response whose assertion is swapped for a forged one', reason: /signature|digest/i,
      forge: against((id) => { const xml = signResponse(response(id), saml.idp); return xml.replace(assertionOf(xml), evilAssertion(id)); }),
    },
    { name: 'a comment injected inside the NameID', reason: /NameID contains a comment/, forge: injectComment(() => byNameId, 'NameID') },
    { name: 'a comment injected inside the email attribute', reason: /AttributeValue contains a comment/, forge: injectComment(() => saml, 'email') },
    {
      name: 'a DTD with an external entity', reason: /DTD/,
      forge: against((id) => `<?xml version="1.0"?><!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${signed(id).replace(/victim-[0-9a-f]+@piedpiper\.com<\/saml:AttributeValue>/, '&xxe;</saml:AttributeValue>')}`),
    },
    { name: 'an entity expansion (billion laughs)', reason: /DTD/, forge: against((id) => `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${signed(id)}`) },
    { name: 'an external DTD', reason: /DTD/, forge: against((id) => `<!DOCTYPE samlp:Response SYSTEM "http://evil.example/saml.dtd">${signed(id)}`) },
    { name: 'an expired assertion', reason: /SubjectConfirmation|expired/, forge: against((id) => signed(id, { now: h.server.clock.now() - 10 * 60_000 })) },
    { name: 'a not-yet-valid assertion', reason: /not yet valid/, forge: against((id) => signed(id, { notBeforeOffset: 5 * 60_000, notOnOrAfterOffset: 10 * 60_000 })) },
    {
      // A window of 2 minutes, used 3.5 minutes later: past the window and the clock skew, before the request expires.
      name: 'a valid response used after its window', reason: /SubjectConfirmation|expired/,
      forge: withClockMoved(210_000, against((id) => signed(id, { notOnOrAfterOffset: 2 * 60_000 }))),
    },
    { name: 'a wrong audience', reason: /audience/i, forge: against((id) => signed(id, { audience: 'https://other-sp.example.com' })) },
    { name: 'no audience', reason: /audience/i, forge: against((id) => signed(id, { audience: undefined })) },
    { name: 'a wrong Destination', reason: /Destination/, forge: against((id) => signed(id, { destination: 'https://other-sp.example.com/acs' })) },
    { name: 'no Destination', reason: /Destination/, forge: against((id) => signed(id, { destination: undefined })) },
    { name: 'a wrong Recipient', reason: /recipient/, forge: against((id) => signed(id, { recipient: 'https://other-sp.example.com/acs' })) },
    { name: 'a failed status', reason: /status/, forge: against((id) => signed(id, { status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' })) },
    {
      name: 'a Response Issuer other than the assertion\'s', reason: /issuers differ/,
      forge: against((id) => signed(id).replace(`<saml:Issuer>${saml.idp.entityId}</saml:Issuer><samlp:Status>`, '<saml:Issuer>https://evil.example</saml:Issuer><samlp:Status>')),
    },
    { name: 'an unknown InResponseTo', reason: /pending request/, forge: async () => ({ samlResponse: base64(signed('id-never-started')) }) },
    {
      name: 'an unsolicited response (no InResponseTo)', reason: /unsolicited/,
      forge: async () => ({ samlResponse: base64(signAssertion(buildResponse({ issuer: saml.idp.entityId, destination: saml.acs, recipient: saml.acs, audience: saml.spEntityId, now: h.server.clock.now(), nameId: unique('n'), attributes: { email: uniqueEmail('unsolicited') } }), saml.idp)) }),
    },
    {
      name: 'a replayed response (InResponseTo already used)', reason: /pending request|already/,
      forge: async () => {
        const samlResponse = base64(signed(await saml.start()));
        assert.equal((await h.anonymous.identityProviderLogin(h.request(saml, samlResponse))).statusCode, 200);
        return { samlResponse };
      },
    },
    {
      name: 'a used assertion presented again for a fresh request', reason: /already used/,
      forge: async () => {
        const open = await saml.start();
        const reusable = signed(open, { subjectInResponseTo: null });
        assert.equal((await h.anonymous.identityProviderLogin(h.request(saml, base64(reusable)))).statusCode, 200);
        const fresh = await saml.start();
        return { samlResponse: base64(reusable.replace(`InResponseTo="${open}"`, `InResponseTo="${fresh}"`)), requestId: fresh };
      },
    },
    {
      name: 'an assertion bound to another request', reason: /SubjectConfirmation/,
      forge: async () => {
        const bound = await saml.start();
        const fresh = await saml.start();
        return { samlResponse: base64(signed(bound).replace(`InResponseTo="${bound}" `, `InResponseTo="${fresh}" `)), requestId: fresh };
      },
    },
    { name: 'a response to an expired request', reason: /pending request/, forge: withClockMoved(301_000, async () => ({ samlResponse: base64(signed(await saml.start())) })) },
    {
      name: 'a response to a request started for another provider', reason: /pending request/,
      forge: async () => ({ samlResponse: base64(signed(await (await attackFixture()).start())) }),
    },
    { name: 'a disabled provider', reason: /disabled/, forge: whileDisabled(() => ({ enabled: false }), () => ({ enabled: true })) },
    {
      name: 'a provider disabled for the application', reason: /not enabled for this application/,
      forge: whileDisabled((f) => ({ applicationConfiguration: { [f.applicationId]: { enabled: false } } }), (f) => ({ applicationConfiguration: { [f.applicationId]: { enabled: true } } })),
    },
    {
      name: 'an inactive application', reason: /not enabled for this application/,
      forge: async () => {
        const fixture = await attackFixture();
        const samlResponse = base64(signed(await fixture.start(), {}, fixture));
        const deactivated = await h.server.fetch(`/api/application/${fixture.applicationId}`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
        assert.equal(deactivated.status, 200);
        return { samlResponse, fixture };
      },
    },
    { name: 'an oversized document', reason: /larger than allowed/, forge: against((id) => signed(id, { attributes: { email: uniqueEmail('big'), padding: 'x'.repeat(300 * 1024) } })) },
    { name: 'a response that is not base64', reason: /base64/, forge: async () => ({ samlResponse: 'not base64 at all!' }) },
    { name: 'a response that is not well-formed XML', reason: /well-formed/, forge: async () => ({ samlResponse: base64('<samlp:Response') }) },
  ];

  /** The provider's debug entries (by id: tests that move the clock make insertInstant order unreliable). */
  const debugLog = async (fixture: SamlLoginFixture) =>
    (await h.server.client.searchEventLogs({ search: { message: `*${fixture.provider.id!}*`, numberOfResults: 500 } })).response.eventLogs ?? [];

  for (const attack of attacks) {
    it(`refuses ${attack.name} with 401, creating nothing`, async () => {
      const forged = await attack.forge();
      const fixture = forged.fixture ?? saml;
      const before = await h.counts();
      const logsBefore = new Set((await debugLog(fixture)).map((entry) => entry.id));
      try {
        await expectStatus(h.anonymous.identityProviderLogin(h.request(fixture, forged.samlResponse)), 401);
      } finally {
        await forged.restore?.();
      }
      assert.deepEqual(await h.counts(), before);
      const written = (await debugLog(fixture)).filter((entry) => !logsBefore.has(entry.id));
      assert.equal(written.length, 1);
      assert.match(written[0]!.message!, new RegExp(`The login failed: .*${attack.reason.source}`, attack.reason.flags));
      if (forged.requestId !== undefined) {
        const genuine = base64(signed(forged.requestId, {}, fixture));
        assert.equal((await h.anonymous.identityProviderLogin(h.request(fixture, genuine))).statusCode, 200);
      }
    });
  }

  it('lets only one of several concurrent uses of one response through', async () => {
    const samlResponse = base64(signed(await saml.start()));
    const before = await h.counts();
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => h.anonymous.identityProviderLogin(h.request(saml, samlResponse))));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') assert.equal((outcome.reason as { statusCode: number }).statusCode, 401);
    const after = await h.counts();
    assert.deepEqual(after, { users: before.users + 1, registrations: before.registrations + 1, links: before.links + 1, refreshTokens: before.refreshTokens + 1, loginRecords: before.loginRecords + 1 });
  });
});
