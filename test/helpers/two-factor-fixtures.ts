/**
 * Two-factor helpers on top of the login fixtures: users with an authenticator enabled through the
 * client, TOTP codes computed with `otpauth` at the server's (test) clock, and the 242 → code step.
 */
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD, type LoginFixtures, type NewUser } from './login-fixtures.js';

const STEP = 30_000;

export interface AuthenticatorUser {
  readonly user: NewUser;
  readonly base32: string;
}

export interface TwoFactorHelpers {
  /** The authenticator code of `base32` at the server's current time. */
  code(base32: string): string;
  /** A new user (registered to `applicationId`) with an authenticator enabled; the clock moves a step on. */
  withAuthenticator(applicationId: string): Promise<AuthenticatorUser>;
  /** A password login that must answer 242; answers its twoFactorId. */
  challenge(user: NewUser, applicationId: string): Promise<string>;
  /** Moves the clock to the next TOTP step, so that a fresh code exists. */
  nextStep(): void;
}

export function twoFactorHelpers(f: LoginFixtures): TwoFactorHelpers {
  const code = (base32: string): string =>
    new TOTP({ secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: f.server.clock.now() });
  const nextStep = (): void => f.server.clock.advance(STEP);
  return {
    code,
    nextStep,
    async withAuthenticator(applicationId) {
      const user = await f.newUser({ applicationId });
      const secret = (await f.client.generateTwoFactorSecret()).response;
      const enabled = await f.client.enableTwoFactor(user.id, { method: 'authenticator', secretBase32Encoded: secret.secretBase32Encoded!, code: code(secret.secretBase32Encoded!) });
      assert.equal(enabled.statusCode, 200);
      nextStep();
      return { user, base32: secret.secretBase32Encoded! };
    },
    async challenge(user, applicationId) {
      const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
      assert.equal(response.statusCode, 242);
      return response.response.twoFactorId!;
    },
  };
}
