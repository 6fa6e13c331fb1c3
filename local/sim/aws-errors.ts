import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  IAMServiceException,
  InvalidAuthenticationCodeException,
  LimitExceededException,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import {
  AccessDeniedException as OrganizationsAccessDenied,
  AccountNotFoundException,
  OrganizationsServiceException,
  TooManyRequestsException as OrganizationsTooManyRequests,
} from '@aws-sdk/client-organizations';
import { STSServiceException } from '@aws-sdk/client-sts';
import type { ServiceName } from './service-name';

/**
 * AWS-shaped errors for the simulation: the SDK's own exception classes where the service models
 * them (so `instanceof` and `name` behave as against AWS), the service's base exception otherwise.
 */

const metadata = (httpStatusCode: number) => ({ httpStatusCode, attempts: 1, totalRetryDelay: 0 });

type ModelledError = new (opts: { message: string; $metadata: ReturnType<typeof metadata> }) => Error;

const MODELLED: Record<string, ModelledError> = {
  'iam:NoSuchEntity': NoSuchEntityException,
  'iam:DeleteConflict': DeleteConflictException,
  'iam:EntityAlreadyExists': EntityAlreadyExistsException,
  'iam:InvalidAuthenticationCode': InvalidAuthenticationCodeException,
  'iam:LimitExceeded': LimitExceededException,
  'organizations:AccountNotFoundException': AccountNotFoundException,
  'organizations:AccessDeniedException': OrganizationsAccessDenied,
  'organizations:TooManyRequestsException': OrganizationsTooManyRequests,
};

const STATUS: Record<string, number> = {
  NoSuchEntity: 404,
  DeleteConflict: 409,
  EntityAlreadyExists: 409,
  AccessDenied: 403,
  AccessDeniedException: 403,
  InvalidClientTokenId: 403,
  TooManyRequestsException: 429,
};

/** Builds the error AWS returns for `code` from `service`, with AWS's message. */
export function awsError(service: ServiceName, code: string, message: string): Error {
  const $metadata = metadata(STATUS[code] ?? 400);
  const Modelled = MODELLED[`${service}:${code}`];
  if (Modelled !== undefined) return new Modelled({ message, $metadata });
  const options = { name: code, $fault: 'client' as const, $metadata, message };
  switch (service) {
    case 'iam':
      return new IAMServiceException(options);
    case 'organizations':
      return new OrganizationsServiceException(options);
    case 'sts':
      return new STSServiceException(options);
    default: {
      const error = new Error(message);
      error.name = code;
      return Object.assign(error, { $fault: 'client', $metadata });
    }
  }
}

/** The throttling error code each service uses, as the SDK's retry strategy recognises it. */
export const THROTTLING_CODE: Record<ServiceName, string> = {
  iam: 'Throttling',
  sts: 'Throttling',
  organizations: 'TooManyRequestsException',
  ssm: 'ThrottlingException',
  securityhub: 'TooManyRequestsException',
};
