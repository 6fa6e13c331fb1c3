import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  ConcurrentModificationException,
  DeleteConflictException,
  EntityAlreadyExistsException,
  EntityTemporarilyUnmodifiableException,
  IAMServiceException,
  InvalidAuthenticationCodeException,
  InvalidInputException as IamInvalidInput,
  LimitExceededException,
  NoSuchEntityException,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import {
  AccessDeniedException as OrganizationsAccessDenied,
  AccountNotFoundException,
  OrganizationsServiceException,
  TooManyRequestsException as OrganizationsTooManyRequests,
} from '@aws-sdk/client-organizations';
import {
  AccessDenied as S3AccessDenied,
  NoSuchBucket,
  NoSuchKey,
  NotFound as S3NotFound,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  AccessDeniedException as SecurityHubAccessDenied,
  InvalidAccessException,
  InvalidInputException as SecurityHubInvalidInput,
  LimitExceededException as SecurityHubLimitExceeded,
  SecurityHubServiceException,
} from '@aws-sdk/client-securityhub';
import { TooManyUpdates } from '@aws-sdk/client-ssm';
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
  'iam:InvalidInput': IamInvalidInput,
  'iam:EntityTemporarilyUnmodifiable': EntityTemporarilyUnmodifiableException,
  'iam:ConcurrentModification': ConcurrentModificationException,
  'iam:ServiceFailure': ServiceFailureException,
  'ssm:TooManyUpdates': TooManyUpdates,
  // IAM's wire codes for the credential report, which the SDK names after their exception shapes.
  'iam:ReportInProgress': CredentialReportNotReadyException,
  'iam:ReportNotPresent': CredentialReportNotPresentException,
  'iam:ReportExpired': CredentialReportExpiredException,
  'organizations:AccountNotFoundException': AccountNotFoundException,
  'organizations:AccessDeniedException': OrganizationsAccessDenied,
  'organizations:TooManyRequestsException': OrganizationsTooManyRequests,
  'securityhub:AccessDeniedException': SecurityHubAccessDenied,
  'securityhub:InvalidAccessException': InvalidAccessException,
  'securityhub:InvalidInputException': SecurityHubInvalidInput,
  'securityhub:LimitExceededException': SecurityHubLimitExceeded,
  's3:AccessDenied': S3AccessDenied,
  's3:NoSuchBucket': NoSuchBucket,
  's3:NoSuchKey': NoSuchKey,
  's3:NotFound': S3NotFound,
};

const STATUS: Record<string, number> = {
  NoSuchEntity: 404,
  DeleteConflict: 409,
  EntityAlreadyExists: 409,
  EntityTemporarilyUnmodifiable: 409,
  ConcurrentModification: 409,
  ServiceFailure: 500,
  RequestTimeout: 408,
  AccessDenied: 403,
  AccessDeniedException: 403,
  InvalidClientTokenId: 403,
  TooManyRequestsException: 429,
  ReportInProgress: 404,
  ReportNotPresent: 410,
  ReportExpired: 410,
  InvalidAccessException: 401,
  LimitExceededException: 429,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NotFound: 404,
  PreconditionFailed: 412,
  SlowDown: 503,
};

/**
 * Builds the error AWS returns for `code` from `service`, with AWS's message; `httpStatusCode`
 * overrides the code's usual status (an S3 HEAD error has no body, so the SDK names it by status).
 */
export function awsError(
  service: ServiceName,
  code: string,
  message: string,
  httpStatusCode?: number,
): Error {
  const $metadata = metadata(httpStatusCode ?? STATUS[code] ?? 400);
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
    case 'securityhub':
      return new SecurityHubServiceException(options);
    case 's3':
      return new S3ServiceException(options);
    default: {
      const error = new Error(message);
      error.name = code;
      return Object.assign(error, { $fault: 'client', $metadata });
    }
  }
}

/** The conflicts a fault plan can inject, by their AWS error codes: retried after waiting, AWS says. */
export type ConflictCode = 'EntityTemporarilyUnmodifiable' | 'ConcurrentModification' | 'TooManyUpdates';

/** AWS's messages for the conflicts a fault plan can inject. */
export const CONFLICT_MESSAGE: Record<ConflictCode, string> = {
  EntityTemporarilyUnmodifiable:
    'The request was rejected because it referenced an entity that is temporarily unmodifiable, such as a user name that was deleted and then recreated.',
  ConcurrentModification:
    'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.',
  TooManyUpdates: 'There are concurrent updates for a resource that supports one update at a time.',
};

/** The throttling error code each service uses, as the SDK's retry strategy recognises it. */
export const THROTTLING_CODE: Record<ServiceName, string> = {
  iam: 'Throttling',
  sts: 'Throttling',
  organizations: 'TooManyRequestsException',
  ssm: 'ThrottlingException',
  securityhub: 'TooManyRequestsException',
  s3: 'SlowDown',
};
