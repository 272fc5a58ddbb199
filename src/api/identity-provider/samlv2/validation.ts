/**
 * The SAML v2 provider's rules, with FusionAuth's error codes (seed 003, docs `_samlv2-request-body`,
 * client 1.69): buttonText required; a verification key required (`keyId` or `verificationKeyIds`), known,
 * able to verify and verification only (no private key); an email source (`emailClaim` or
 * `useNameIdForEmail`) when users are linked by email; a username claim when they are linked by username;
 * URLs that are URLs; a signing key when requests are signed; and domains no other provider manages.
 */
import type { ValidationError } from '../../../core/errors.js';
import { isUuid } from '../../../core/ids.js';
import type { KeyDirectory, KindValidationContext } from '../kinds.js';
import type { IdentityProvider } from '../model.js';
import { canSignXml, canVerifyXmlSignatures, isVerificationOnly } from './keys.js';
import type { SamlV2Fields } from './model.js';

const blank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Adds a field error whose code names the list rather than the item (`[cannotVerify]identityProvider.verificationKeyIds`). */
function addCoded(errors: ValidationError, path: string, code: string, message: string): void {
  (errors.fieldErrors[path] ??= []).push({ code, message });
}

async function checkVerificationKey(keys: KeyDirectory, id: string, path: string, listPath: string, errors: ValidationError): Promise<void> {
  const key = isUuid(id) ? await keys.find(id) : undefined;
  if (key === undefined) addCoded(errors, path, `[invalid]${listPath}`, `The key [${id}] for [${path}] does not exist.`);
  else if (!canVerifyXmlSignatures(key)) {
    addCoded(errors, path, `[cannotVerify]${listPath}`, `The key [${key.name}] cannot verify a SAML signature: use an RSA or EC certificate or public key.`);
  } else if (!isVerificationOnly(key)) {
    addCoded(errors, path, `[invalid]${listPath}`, `The key [${key.name}] for [${path}] has a private key: use a verification only key, a certificate or a public key.`);
  }
}

async function checkKeys(p: SamlV2Fields, { keys, errors }: KindValidationContext): Promise<void> {
  if (p.verificationKeyIds.length === 0) {
    errors.add('identityProvider.keyId', 'blank', 'You must specify the [identityProvider.keyId] property: the key that verifies the SAML response.');
    return;
  }
  const [first, ...others] = p.verificationKeyIds;
  await checkVerificationKey(keys, first!, 'identityProvider.keyId', 'identityProvider.keyId', errors);
  for (const [index, id] of others.entries()) {
    await checkVerificationKey(keys, id, `identityProvider.verificationKeyIds[${index + 1}]`, 'identityProvider.verificationKeyIds', errors);
  }
  if (p.signRequest) {
    if (p.requestSigningKeyId === undefined) {
      errors.add('identityProvider.requestSigningKeyId', 'missing', 'You must specify the [identityProvider.requestSigningKeyId] when [identityProvider.signRequest] is true.');
    } else {
      const key = isUuid(p.requestSigningKeyId) ? await keys.find(p.requestSigningKeyId) : undefined;
      if (key === undefined) errors.add('identityProvider.requestSigningKeyId', 'invalid', `The key [${p.requestSigningKeyId}] does not exist.`);
      else if (!canSignXml(key)) errors.add('identityProvider.requestSigningKeyId', 'cannotSign', `The key [${key.name}] has no private key to sign with.`);
    }
    if (p.postRequest && p.xmlSignatureC14nMethod === undefined) {
      errors.add('identityProvider.xmlSignatureC14nMethod', 'missing', 'You must specify the [identityProvider.xmlSignatureC14nMethod] when POST requests are signed.');
    }
  }
}

function checkClaims(p: IdentityProvider & SamlV2Fields, errors: ValidationError): void {
  const linksByEmail = p.linkingStrategy === 'LinkByEmail' || p.linkingStrategy === 'LinkByEmailForExistingUser';
  if (linksByEmail && !p.useNameIdForEmail && blank(p.emailClaim)) {
    errors.add('identityProvider.emailClaim', 'blank', 'You must specify the [identityProvider.emailClaim] property when [identityProvider.useNameIdForEmail] is false.');
  }
  const linksByUsername = p.linkingStrategy === 'LinkByUsername' || p.linkingStrategy === 'LinkByUsernameForExistingUser';
  if (linksByUsername && blank(p.usernameClaim)) {
    errors.add('identityProvider.usernameClaim', 'blank', `You must specify the [identityProvider.usernameClaim] property when [identityProvider.linkingStrategy] is ${p.linkingStrategy}.`);
  }
}

function checkConfiguration(p: SamlV2Fields, errors: ValidationError): void {
  if (blank(p.buttonText)) errors.add('identityProvider.buttonText', 'blank', 'You must specify the [identityProvider.buttonText] property.');
  if (p.idpEndpoint !== undefined && !isHttpUrl(p.idpEndpoint)) {
    errors.add('identityProvider.idpEndpoint', 'invalid', 'The [identityProvider.idpEndpoint] must be an absolute http or https URL.');
  }
  if (p.issuer !== undefined && blank(p.issuer)) errors.add('identityProvider.issuer', 'invalid', 'The [identityProvider.issuer] may not be empty when it is provided.');
  if (p.loginHintConfiguration.enabled && blank(p.loginHintConfiguration.parameterName)) {
    errors.add('identityProvider.loginHintConfiguration.parameterName', 'blank', 'You must specify the [identityProvider.loginHintConfiguration.parameterName] when login hints are enabled.');
  }
  if (p.idpInitiatedConfiguration.enabled && blank(p.idpInitiatedConfiguration.issuer)) {
    errors.add('identityProvider.idpInitiatedConfiguration.issuer', 'blank', 'You must specify the [identityProvider.idpInitiatedConfiguration.issuer] when IdP initiated login is enabled.');
  }
  if (p.assertionDecryptionConfiguration.enabled) {
    // Encrypted assertions are not implemented yet: refuse the setting rather than accept responses it forbids.
    errors.add('identityProvider.assertionDecryptionConfiguration.enabled', 'unsupported', 'Encrypted SAML assertions are not supported yet.');
  }
  const { policy, alternates } = p.assertionConfiguration.destination;
  if (policy === 'AllowAlternates' && (alternates.length === 0 || alternates.some((url) => !isHttpUrl(url)))) {
    errors.add('identityProvider.assertionConfiguration.destination.alternates', 'invalid', 'The destination [alternates] must be one or more absolute http or https URLs when the policy is AllowAlternates.');
  }
}

async function checkDomains(p: SamlV2Fields, context: KindValidationContext): Promise<void> {
  if (p.domains.some((domain) => !/^[a-z0-9.-]+$/.test(domain) || !domain.includes('.'))) {
    context.errors.add('identityProvider.domains', 'invalid', 'Each of the [identityProvider.domains] must be a domain name, such as example.com.');
    return;
  }
  const claimed = [...new Set((await context.domainClaims(p.domains)).map((c) => c.domain))];
  if (claimed.length > 0) {
    context.errors.add('identityProvider.domains', 'duplicate',
      `Invalid value for property [identityProvider.domains]. The following domain(s) [${claimed.join(', ')}] are currently managed by another Identity Provider. A domain may only be managed by a single Identity Provider.`);
  }
}

export async function validateSamlV2(provider: IdentityProvider, context: KindValidationContext): Promise<void> {
  const p = provider as IdentityProvider & SamlV2Fields;
  checkConfiguration(p, context.errors);
  checkClaims(p, context.errors);
  await checkKeys(p, context);
  await checkDomains(p, context);
}
