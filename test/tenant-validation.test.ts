import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tenant } from '@fusionauth/typescript-client';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';

const noId = null as unknown as string;
const SOME_ID = '6a0f3c2e-5b4d-4c1a-9e8f-7d6c5b4a3f21';

/**
 * Each case: a tenant (name added) and exactly the field codes FusionAuth answers with. Codes follow
 * FusionAuth's `[type]tenant.<path>` grammar; the type is the one FusionAuth's tenant validation uses.
 */
const CASES: readonly (readonly [string, Tenant, Record<string, string[]>])[] = [
  ['an unknown encryption scheme', { passwordEncryptionConfiguration: { encryptionScheme: 'rot13' } },
    { 'tenant.passwordEncryptionConfiguration.encryptionScheme': ['[invalid]tenant.passwordEncryptionConfiguration.encryptionScheme'] }],
  ['a factor the scheme cannot use', { passwordEncryptionConfiguration: { encryptionScheme: 'salted-pbkdf2-hmac-sha256', encryptionSchemeFactor: 0 } },
    { 'tenant.passwordEncryptionConfiguration.encryptionSchemeFactor': ['[invalid]tenant.passwordEncryptionConfiguration.encryptionSchemeFactor'] }],
  ['password lengths out of range', { passwordValidationRules: { minLength: 0, maxLength: 257 } }, {
    'tenant.passwordValidationRules.minLength': ['[tooSmall]tenant.passwordValidationRules.minLength'],
    'tenant.passwordValidationRules.maxLength': ['[tooLarge]tenant.passwordValidationRules.maxLength'],
  }],
  ['a maximum length over 50 with bcrypt', { passwordEncryptionConfiguration: { encryptionScheme: 'bcrypt' }, passwordValidationRules: { maxLength: 51 } },
    { 'tenant.passwordValidationRules.maxLength': ['[tooLarge]tenant.passwordValidationRules.maxLength'] }],
  ['a bcrypt cost outside 4..30', { passwordEncryptionConfiguration: { encryptionScheme: 'bcrypt', encryptionSchemeFactor: 31 }, passwordValidationRules: { maxLength: 50 } },
    { 'tenant.passwordEncryptionConfiguration.encryptionSchemeFactor': ['[invalid]tenant.passwordEncryptionConfiguration.encryptionSchemeFactor'] }],
  ['a zero maximum length', { passwordValidationRules: { maxLength: 0 } },
    { 'tenant.passwordValidationRules.maxLength': ['[tooSmall]tenant.passwordValidationRules.maxLength'] }],
  ['a minimum above the maximum', { passwordValidationRules: { minLength: 20, maxLength: 12 } },
    { 'tenant.passwordValidationRules.minLength': ['[tooLarge]tenant.passwordValidationRules.minLength'] }],
  ['remembering no previous passwords', { passwordValidationRules: { rememberPreviousPasswords: { enabled: true, count: 0 } } },
    { 'tenant.passwordValidationRules.rememberPreviousPasswords.count': ['[tooSmall]tenant.passwordValidationRules.rememberPreviousPasswords.count'] }],
  ['enabled password ages without a value', { minimumPasswordAge: { enabled: true, seconds: 0 }, maximumPasswordAge: { enabled: true, days: 0 } }, {
    'tenant.minimumPasswordAge.seconds': ['[tooSmall]tenant.minimumPasswordAge.seconds'],
    'tenant.maximumPasswordAge.days': ['[tooSmall]tenant.maximumPasswordAge.days'],
  }],
  ['non-positive JWT lifetimes', { jwtConfiguration: { timeToLiveInSeconds: 0, refreshTokenTimeToLiveInMinutes: -1 } }, {
    'tenant.jwtConfiguration.timeToLiveInSeconds': ['[tooSmall]tenant.jwtConfiguration.timeToLiveInSeconds'],
    'tenant.jwtConfiguration.refreshTokenTimeToLiveInMinutes': ['[tooSmall]tenant.jwtConfiguration.refreshTokenTimeToLiveInMinutes'],
  }],
  ['a sliding window shorter than the refresh token lifetime', {
    jwtConfiguration: { refreshTokenExpirationPolicy: 'SlidingWindowWithMaximumLifetime' as never, refreshTokenTimeToLiveInMinutes: 100, refreshTokenSlidingWindowConfiguration: { maximumTimeToLiveInMinutes: 99 } },
  }, { 'tenant.jwtConfiguration.refreshTokenSlidingWindowConfiguration.maximumTimeToLiveInMinutes': ['[tooSmall]tenant.jwtConfiguration.refreshTokenSlidingWindowConfiguration.maximumTimeToLiveInMinutes'] }],
  ['a one-time-use grace period over a day', { jwtConfiguration: { refreshTokenUsagePolicy: 'OneTimeUse' as never, refreshTokenOneTimeUseConfiguration: { gracePeriodInSeconds: 86401 } } },
    { 'tenant.jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds': ['[tooLarge]tenant.jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds'] }],
  ['a negative one-time-use grace period', { jwtConfiguration: { refreshTokenUsagePolicy: 'OneTimeUse' as never, refreshTokenOneTimeUseConfiguration: { gracePeriodInSeconds: -1 } } },
    { 'tenant.jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds': ['[tooSmall]tenant.jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds'] }],
  ['signing keys that do not exist', { jwtConfiguration: { accessTokenKeyId: SOME_ID, idTokenKeyId: SOME_ID } }, {
    'tenant.jwtConfiguration.accessTokenKeyId': ['[invalid]tenant.jwtConfiguration.accessTokenKeyId'],
    'tenant.jwtConfiguration.idTokenKeyId': ['[invalid]tenant.jwtConfiguration.idTokenKeyId'],
  }],
  ['verification keys that do not exist', { jwtConfiguration: { accessTokenVerificationKeyIds: [SOME_ID] } },
    { 'tenant.jwtConfiguration.accessTokenVerificationKeyIds[0]': ['[invalid]tenant.jwtConfiguration.accessTokenVerificationKeyIds'] }],
  ['an authorization code lifetime over 600 seconds', { externalIdentifierConfiguration: { authorizationGrantIdTimeToLiveInSeconds: 601 } },
    { 'tenant.externalIdentifierConfiguration.authorizationGrantIdTimeToLiveInSeconds': ['[invalid]tenant.externalIdentifierConfiguration.authorizationGrantIdTimeToLiveInSeconds'] }],
  ['non-positive identifier lifetimes', { externalIdentifierConfiguration: { authorizationGrantIdTimeToLiveInSeconds: 0, twoFactorIdTimeToLiveInSeconds: 0, setupPasswordIdTimeToLiveInSeconds: -5 } }, {
    'tenant.externalIdentifierConfiguration.authorizationGrantIdTimeToLiveInSeconds': ['[invalid]tenant.externalIdentifierConfiguration.authorizationGrantIdTimeToLiveInSeconds'],
    'tenant.externalIdentifierConfiguration.twoFactorIdTimeToLiveInSeconds': ['[invalid]tenant.externalIdentifierConfiguration.twoFactorIdTimeToLiveInSeconds'],
    'tenant.externalIdentifierConfiguration.setupPasswordIdTimeToLiveInSeconds': ['[invalid]tenant.externalIdentifierConfiguration.setupPasswordIdTimeToLiveInSeconds'],
  }],
  ['generator lengths outside their type’s range', {
    externalIdentifierConfiguration: {
      changePasswordIdGenerator: { type: 'randomBytes' as never, length: 15 },
      twoFactorOneTimeCodeIdGenerator: { type: 'randomDigits' as never, length: 13 },
      deviceUserCodeIdGenerator: { type: 'randomAlpha' as never, length: 3 },
    },
  }, {
    'tenant.externalIdentifierConfiguration.changePasswordIdGenerator.length': ['[invalid]tenant.externalIdentifierConfiguration.changePasswordIdGenerator.length'],
    'tenant.externalIdentifierConfiguration.twoFactorOneTimeCodeIdGenerator.length': ['[invalid]tenant.externalIdentifierConfiguration.twoFactorOneTimeCodeIdGenerator.length'],
    'tenant.externalIdentifierConfiguration.deviceUserCodeIdGenerator.length': ['[invalid]tenant.externalIdentifierConfiguration.deviceUserCodeIdGenerator.length'],
  }],
  ['non-positive lockout settings', { failedAuthenticationConfiguration: { actionDuration: 0, resetCountInSeconds: 0, tooManyAttempts: 0 } }, {
    'tenant.failedAuthenticationConfiguration.actionDuration': ['[tooSmall]tenant.failedAuthenticationConfiguration.actionDuration'],
    'tenant.failedAuthenticationConfiguration.resetCountInSeconds': ['[tooSmall]tenant.failedAuthenticationConfiguration.resetCountInSeconds'],
    'tenant.failedAuthenticationConfiguration.tooManyAttempts': ['[tooSmall]tenant.failedAuthenticationConfiguration.tooManyAttempts'],
  }],
  ['a lockout user action that does not exist', { failedAuthenticationConfiguration: { userActionId: SOME_ID } },
    { 'tenant.failedAuthenticationConfiguration.userActionId': ['[missing]tenant.failedAuthenticationConfiguration.userActionId'] }],
  ['email verification without a template', { emailConfiguration: { verifyEmail: true } },
    { 'tenant.emailConfiguration.verificationEmailTemplateId': ['[missing]tenant.emailConfiguration.verificationEmailTemplateId'] }],
  ['an email template, as none can exist yet', { emailConfiguration: { verifyEmail: true, verificationEmailTemplateId: SOME_ID, forgotPasswordEmailTemplateId: SOME_ID } }, {
    'tenant.emailConfiguration.verificationEmailTemplateId': ['[invalid]tenant.emailConfiguration.verificationEmailTemplateId'],
    'tenant.emailConfiguration.forgotPasswordEmailTemplateId': ['[invalid]tenant.emailConfiguration.forgotPasswordEmailTemplateId'],
  }],
  ['the FormField strategy without Gated', { emailConfiguration: { verifyEmail: true, verificationStrategy: 'FormField' as never, unverified: { behavior: 'Allow' as never } } }, {
    'tenant.emailConfiguration.verificationEmailTemplateId': ['[missing]tenant.emailConfiguration.verificationEmailTemplateId'],
    'tenant.emailConfiguration.unverified.behavior': ['[invalid]tenant.emailConfiguration.unverified.behavior'],
  }],
  ['bad SMTP settings', { emailConfiguration: { host: ' ', port: 70000, defaultFromEmail: 'not-an-email' } }, {
    'tenant.emailConfiguration.host': ['[blank]tenant.emailConfiguration.host'],
    'tenant.emailConfiguration.port': ['[invalid]tenant.emailConfiguration.port'],
    'tenant.emailConfiguration.defaultFromEmail': ['[invalid]tenant.emailConfiguration.defaultFromEmail'],
  }],
  ['an enabled CAPTCHA without keys and with a threshold of 1.5', { captchaConfiguration: { enabled: true, threshold: 1.5 } }, {
    'tenant.captchaConfiguration.secretKey': ['[blank]tenant.captchaConfiguration.secretKey'],
    'tenant.captchaConfiguration.siteKey': ['[blank]tenant.captchaConfiguration.siteKey'],
    'tenant.captchaConfiguration.threshold': ['[invalid]tenant.captchaConfiguration.threshold'],
  }],
  ['an enabled rate limit without a limit', { rateLimitConfiguration: { failedLogin: { enabled: true, limit: 0, timePeriodInSeconds: 0 } } }, {
    'tenant.rateLimitConfiguration.failedLogin.limit': ['[invalid]tenant.rateLimitConfiguration.failedLogin.limit'],
    'tenant.rateLimitConfiguration.failedLogin.timePeriodInSeconds': ['[invalid]tenant.rateLimitConfiguration.failedLogin.timePeriodInSeconds'],
  }],
  ['an enabled unverified-user delete policy without days', { userDeletePolicy: { unverified: { enabled: true, numberOfDaysToRetain: 0 } } },
    { 'tenant.userDeletePolicy.unverified.numberOfDaysToRetain': ['[tooSmall]tenant.userDeletePolicy.unverified.numberOfDaysToRetain'] }],
  ['unique usernames with 2 digits and a letter separator', { usernameConfiguration: { unique: { numberOfDigits: 2, separator: 'x' } } }, {
    'tenant.usernameConfiguration.unique.numberOfDigits': ['[invalid]tenant.usernameConfiguration.unique.numberOfDigits'],
    'tenant.usernameConfiguration.unique.separator': ['[invalid]tenant.usernameConfiguration.unique.separator'],
  }],
  ['an enabled family configuration with an owner younger than a child', { familyConfiguration: { enabled: true, maximumChildAge: 18, minimumOwnerAge: 16 } },
    { 'tenant.familyConfiguration.minimumOwnerAge': ['[tooSmall]tenant.familyConfiguration.minimumOwnerAge'] }],
  ['MFA email and SMS without templates or messenger', { multiFactorConfiguration: { email: { enabled: true }, sms: { enabled: true } } }, {
    'tenant.multiFactorConfiguration.email.templateId': ['[missing]tenant.multiFactorConfiguration.email.templateId'],
    'tenant.multiFactorConfiguration.sms.templateId': ['[missing]tenant.multiFactorConfiguration.sms.templateId'],
    'tenant.multiFactorConfiguration.sms.messengerId': ['[missing]tenant.multiFactorConfiguration.sms.messengerId'],
  }],
  ['an MFA login policy with no enabled method', { multiFactorConfiguration: { loginPolicy: 'Required' as never, authenticator: { enabled: false } } },
    { 'tenant.multiFactorConfiguration.loginPolicy': ['[invalid]tenant.multiFactorConfiguration.loginPolicy'] }],
  ['phone verification without messenger or template', { phoneConfiguration: { verifyPhoneNumber: true } }, {
    'tenant.phoneConfiguration.messengerId': ['[missing]tenant.phoneConfiguration.messengerId'],
    'tenant.phoneConfiguration.verificationTemplateId': ['[missing]tenant.phoneConfiguration.verificationTemplateId'],
  }],
  ['a device trust lifetime of 0', { ssoConfiguration: { deviceTrustTimeToLiveInSeconds: 0 } },
    { 'tenant.ssoConfiguration.deviceTrustTimeToLiveInSeconds': ['[invalid]tenant.ssoConfiguration.deviceTrustTimeToLiveInSeconds'] }],
  ['references to lambdas, themes, forms and IP ACLs that do not exist', {
    themeId: SOME_ID, formConfiguration: { adminUserFormId: SOME_ID }, accessControlConfiguration: { uiIPAccessControlListId: SOME_ID },
    lambdaConfiguration: { loginValidationId: SOME_ID },
  }, {
    'tenant.themeId': ['[invalid]tenant.themeId'],
    'tenant.formConfiguration.adminUserFormId': ['[invalid]tenant.formConfiguration.adminUserFormId'],
    'tenant.accessControlConfiguration.uiIPAccessControlListId': ['[invalid]tenant.accessControlConfiguration.uiIPAccessControlListId'],
    'tenant.lambdaConfiguration.loginValidationId': ['[invalid]tenant.lambdaConfiguration.loginValidationId'],
  }],
  ['an unknown connector', { connectorPolicies: [{ connectorId: SOME_ID }] }, {
    'tenant.connectorPolicies[0].connectorId': ['[invalid]tenant.connectorPolicies.connectorId'],
    'tenant.connectorPolicies': ['[invalid]tenant.connectorPolicies'],
  }],
  ['an unknown event type', { eventConfiguration: { events: { 'user.create': { enabled: true }, 'user.sneeze': { enabled: true } } as never } },
    { 'tenant.eventConfiguration.events': ['[invalidJSON]tenant.eventConfiguration.events'] }],
  ['URLs that are not absolute http URLs', { logoutURL: '/logout', baseURL: 'ftp://example.com' }, {
    'tenant.logoutURL': ['[invalid]tenant.logoutURL'],
    'tenant.baseURL': ['[invalid]tenant.baseURL'],
  }],
];

describe('Tenants API validation', () => {
  let server: TestServer;
  let counter = 0;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  const uniqueName = () => `Validation ${++counter}`;

  for (const [description, tenant, expected] of CASES) {
    it(`refuses ${description}`, async () => {
      const errors = await expectStatus(server.client.createTenant(noId, { tenant: { name: uniqueName(), ...tenant } }), 400);
      assert.deepEqual(fieldCodes(errors), expected);
    });
  }

  it('accepts a valid configuration, clearing verifyEmailWhenChanged when emails are not verified', async () => {
    const { response } = await server.client.createTenant(noId, {
      tenant: {
        name: uniqueName(),
        emailConfiguration: { verifyEmail: false, verifyEmailWhenChanged: true, port: 587, security: 'TLS' as never },
        passwordValidationRules: { minLength: 12, maxLength: 12 },
        jwtConfiguration: { refreshTokenUsagePolicy: 'OneTimeUse' as never, refreshTokenOneTimeUseConfiguration: { gracePeriodInSeconds: 86400 } },
        eventConfiguration: { events: { 'user.create': { enabled: true } } as never },
        userDeletePolicy: { unverified: { enabled: true, numberOfDaysToRetain: 10 } },
        connectorPolicies: [],
      },
    });
    const tenant = response.tenant!;
    assert.equal(tenant.emailConfiguration?.verifyEmailWhenChanged, false);
    assert.equal(tenant.emailConfiguration?.security, 'TLS');
    assert.deepEqual(tenant.eventConfiguration?.events, { 'user.create': { enabled: true, transactionType: 'None' } });
    assert.equal(tenant.userDeletePolicy?.unverified?.enabledInstant, tenant.insertInstant);
    assert.equal(tenant.connectorPolicies?.length, 1);
  });

  it('gives a scheme named without a factor that scheme’s own default factor', async () => {
    const { response } = await server.client.createTenant(noId, {
      tenant: { name: uniqueName(), passwordEncryptionConfiguration: { encryptionScheme: 'bcrypt' }, passwordValidationRules: { maxLength: 50 } },
    });
    assert.deepEqual(response.tenant?.passwordEncryptionConfiguration, { encryptionScheme: 'bcrypt', encryptionSchemeFactor: 12, modifyEncryptionSchemeOnLogin: false });
  });

  it('refuses a key that cannot sign, and checks signing keys only when they change', async () => {
    const db = server.running.database.db;
    const now = Date.now();
    const verifyOnlyId = '7b1e2d3c-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    await db.insertInto('keys').values({
      id: verifyOnlyId, name: 'Verify only', algorithm: 'RS256', type: 'RSA', kid: 'verifyonly',
      doc: JSON.stringify({ id: verifyOnlyId, name: 'Verify only', algorithm: 'RS256', type: 'RSA', kid: 'verifyonly', insertInstant: now, lastUpdateInstant: now }),
      secret: null, insert_instant: now, last_update_instant: now,
    }).execute();
    const refused = await expectStatus(server.client.createTenant(noId, { tenant: { name: uniqueName(), jwtConfiguration: { accessTokenKeyId: verifyOnlyId } } }), 400);
    assert.deepEqual(fieldCodes(refused), { 'tenant.jwtConfiguration.accessTokenKeyId': ['[cannotSign]tenant.jwtConfiguration.accessTokenKeyId'] });
    const verifying = await server.client.createTenant(noId, { tenant: { name: uniqueName(), jwtConfiguration: { accessTokenVerificationKeyIds: [verifyOnlyId] } } });
    assert.deepEqual(verifying.response.tenant?.jwtConfiguration?.accessTokenVerificationKeyIds, [verifyOnlyId]);

    // A tenant whose signing key is later swapped for one that cannot sign stays editable.
    const tenant = verifying.response.tenant!;
    const stored = JSON.parse((await db.selectFrom('tenants').select('doc').where('id', '=', tenant.id!).executeTakeFirstOrThrow()).doc) as Tenant;
    stored.jwtConfiguration!.accessTokenKeyId = verifyOnlyId;
    await db.updateTable('tenants').set({ doc: JSON.stringify(stored) }).where('id', '=', tenant.id!).execute();
    const edited = await server.client.patchTenant(tenant.id!, { tenant: { data: { edited: true } } });
    assert.equal(edited.response.tenant?.jwtConfiguration?.accessTokenKeyId, verifyOnlyId);
  });

  it('refuses webhook ids, as no webhook exists yet', async () => {
    const errors = await expectStatus(server.client.createTenant(noId, { tenant: { name: uniqueName() }, webhookIds: [SOME_ID] }), 400);
    assert.deepEqual(fieldCodes(errors), { 'webhookIds[0]': ['[invalid]webhookIds'] });
  });

  it('refuses a wrongly typed or unknown property as [invalidJSON]', async () => {
    const response = await server.fetch('/api/tenant', {
      method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: { name: uniqueName(), jwtConfiguration: { timeToLiveInSeconds: 'soon' }, nonsense: true } }),
    });
    assert.equal(response.status, 400);
    const codes = fieldCodes(await response.json());
    assert.deepEqual(codes['tenant.jwtConfiguration.timeToLiveInSeconds'], ['[invalidJSON]tenant.jwtConfiguration.timeToLiveInSeconds']);
  });
});
