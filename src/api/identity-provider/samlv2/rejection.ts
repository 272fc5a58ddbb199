/**
 * A refused SAML response. FusionAuth answers every failure to parse or trust the response, and every
 * unexpected or replayed one, with 401 ("Unable to complete the login request. The user cannot be
 * reconciled or logged in using the external identity provider", seed 003) and says no more; `reason`
 * is for Gatehouse's own debug log (the provider's `debug` flag), never for the response.
 */
import { ApiError } from '../../../core/errors.js';

export class SamlResponseRejected extends ApiError {
  constructor(readonly reason: string) {
    super(401);
  }
}
