/**
 * Sending one-time codes. Email goes through the tenant's MFA email template
 * (`multiFactorConfiguration.email.templateId`) and the shared template sender; SMS goes through the
 * tenant's messenger (`multiFactorConfiguration.sms.messengerId`) with the Messengers API's sender.
 * The code is passed to the email template as `code`, as FusionAuth's does. SMS text is the tenant's
 * SMS Message Template (`multiFactorConfiguration.sms.templateId`, which the application's overrides)
 * rendered with `code`, `phoneNumber`, `user`, `tenant` and `application`, in the user's language.
 *
 * Every send — for enabling or disabling a method, or for a pending login — first counts against the
 * tenant's `rateLimitConfiguration.sendTwoFactor` for the user (the address, when there is no user);
 * over the limit it answers 429 and sends nothing (flows/rate-limit.ts).
 */
import { fieldError, generalError } from '../../core/errors.js';
import type { RateLimiter } from '../../flows/rate-limit.js';
import type { SendSms } from '../messenger/delivery.js';
import type { ComposeMessage } from '../message-template/compose.js';
import type { TemplateSender } from '../../email/template-sender.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import type { Destination } from './codes.js';

/** What sending an SMS code needs: the messenger sender, the template renderer and the full user. */
export interface SmsDelivery {
  readonly send: SendSms;
  readonly compose: ComposeMessage;
  /** The user as the Users API returns it: the template's `user`, and its preferred languages. */
  readonly retrieveUser: (id: string) => Promise<User>;
}

export interface CodeDelivery {
  /** `application`: its `multiFactorConfiguration.email.templateId` and `sms.templateId` override the tenant's. */
  deliver(tenant: StoredTenant, user: User | undefined, destination: Destination, code: string, application?: StoredApplication): Promise<void>;
}

export function createCodeDelivery(email: Pick<TemplateSender, 'sendTemplate'>, sms: SmsDelivery | undefined, rateLimits: RateLimiter): CodeDelivery {
  return {
    async deliver(tenant, user, destination, code, application) {
      rateLimits.consume(tenant, 'sendTwoFactor', user?.id ?? destination.value);
      const configuration = tenant.multiFactorConfiguration;
      if (destination.kind === 'email') {
        const templateId = application?.multiFactorConfiguration?.email?.templateId ?? configuration?.email?.templateId;
        if (templateId === undefined) {
          throw fieldError('tenant.multiFactorConfiguration.email.templateId', 'missing', 'The tenant has no Multi-Factor email template configured.');
        }
        await email.sendTemplate({ tenant, templateId, to: { ...user, email: destination.value }, data: { code }, ...(application !== undefined ? { application } : {}) });
        return;
      }
      const messengerId = configuration?.sms?.messengerId;
      if (messengerId === undefined || sms === undefined) {
        throw fieldError('tenant.multiFactorConfiguration.sms.messengerId', 'missing', 'The tenant has no Multi-Factor SMS messenger configured.');
      }
      const templateId = application?.multiFactorConfiguration?.sms?.templateId ?? configuration?.sms?.templateId;
      if (templateId === undefined) {
        throw fieldError('tenant.multiFactorConfiguration.sms.templateId', 'missing', 'The tenant has no Multi-Factor SMS message template configured.');
      }
      const recipient = user?.id !== undefined ? await sms.retrieveUser(user.id) : undefined;
      const message = await sms.compose({
        templateId, type: 'SMS', tenant, data: { code, phoneNumber: destination.value, ...(user?.id !== undefined ? { userId: user.id } : {}) },
        ...(application !== undefined ? { application } : {}),
        ...(recipient !== undefined ? { user: recipient } : {}),
      });
      // A template that is gone or does not render must not send a broken (or code-less) message.
      if (message.status !== 'ok') throw generalError('[TwoFactorSendFailed]', 'The Multi-Factor SMS message template could not be rendered.');
      const result = await sms.send({
        messengerId, phoneNumber: destination.value, textMessage: message.text, type: 'SMS', code,
        ...(user?.id !== undefined ? { userId: user.id } : {}),
      });
      if (result.status === 'failed') throw generalError('[TwoFactorSendFailed]', 'The Multi-Factor code could not be sent by SMS.');
    },
  };
}
