/**
 * Two-factor helpers on top of the login fixtures: users with an authenticator enabled through the
 * client, TOTP codes computed with `otpauth` at the server's (test) clock, and the 242 → code step.
 */
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD, type LoginFixtures, type NewUser } from './login-fixtures.js';

const DEFAULTS: AuthenticatorSettings = { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 };

export interface AuthenticatorUser {
  readonly user: NewUser;
  readonly base32: string;
}

/** A tenant's authenticator settings, as FusionAuth names them. */
export interface AuthenticatorSettings {
  readonly algorithm: 'HmacSHA1' | 'HmacSHA256' | 'HmacSHA512';
  readonly codeLength: number;
  readonly timeStep: number;
}

export interface TwoFactorHelpers {
  /** The authenticator code of `base32` at the server's current time (FusionAuth's defaults unless told). */
  code(base32: string, settings?: AuthenticatorSettings): string;
  /** Enables an authenticator for an existing user; answers its base32 secret. The clock moves a step on. */
  addAuthenticator(user: NewUser, settings?: AuthenticatorSettings): Promise<string>;
  /** A new user (registered to `applicationId`) with an authenticator enabled; the clock moves a step on. */
  withAuthenticator(applicationId: string): Promise<AuthenticatorUser>;
  /** A password login that must answer 242; answers its twoFactorId. */
  challenge(user: NewUser, applicationId: string): Promise<string>;
  /** Moves the clock to the next TOTP step, so that a fresh code exists. */
  nextStep(): void;
}

export function twoFactorHelpers(f: LoginFixtures): TwoFactorHelpers {
  const code = (base32: string, settings: AuthenticatorSettings = DEFAULTS): string =>
    new TOTP({ secret: Secret.fromBase32(base32), algorithm: settings.algorithm.replace('Hmac', ''), digits: settings.codeLength, period: settings.timeStep })
      .generate({ timestamp: f.server.clock.now() });
  const nextStep = (settings: AuthenticatorSettings = DEFAULTS): void => f.server.clock.advance(settings.timeStep * 1000);
  async function addAuthenticator(user: NewUser, settings: AuthenticatorSettings = DEFAULTS): Promise<string> {
    const base32 = (await f.client.generateTwoFactorSecret()).response.secretBase32Encoded!;
    const enabled = await f.client.enableTwoFactor(user.id, { method: 'authenticator', secretBase32Encoded: base32, code: code(base32, settings) });
    assert.equal(enabled.statusCode, 200);
    nextStep(settings);
    return base32;
  }
  return {
    code,
    addAuthenticator,
    nextStep: () => nextStep(),
    async withAuthenticator(applicationId) {
      const user = await f.newUser({ applicationId });
      return { user, base32: await addAuthenticator(user) };
    },
    async challenge(user, applicationId) {
      const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
      assert.equal(response.statusCode, 242);
      return response.response.twoFactorId!;
    },
  };
}
