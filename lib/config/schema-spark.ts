/**
 * Schema parts of a SparkApplication's operator settings (Spark operator
 * v2.5, `sparkoperator.k8s.io/v1beta2`): restart policy, dynamic allocation,
 * the Spark UI service and the schedule of recurring applications.
 */

import { notReservedKey } from './schema-parts';

/**
 * The operator's validating webhook requires DNS-1035 application names
 * (`validateName` in internal/webhook/sparkapplication_validator.go, v2.4+):
 * the driver's Service is named after the application.
 */
export const dns1035Label = {
  type: 'string',
  minLength: 1,
  maxLength: 63,
  pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
  errorMessage: {
    pattern:
      'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (the Spark operator refuses other names)',
    maxLength: 'must be at most 63 characters (a DNS-1035 label)',
  },
} as const;

/** The CRD's `format: int32` fields: the API server refuses larger numbers. */
export const INT32_MAX = 2147483647;

const seconds = { type: 'integer', minimum: 1, maximum: 86400 } as const;
const retries = { type: 'integer', minimum: 0, maximum: 1000 } as const;

export const sparkRestartPolicy = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description:
    'What the operator does when the application fails. A mount that is not ready yet is a retryable failure: use OnFailure with onFailureRetries and onSubmissionFailureRetries.',
  properties: {
    type: { enum: ['Never', 'OnFailure', 'Always'], default: 'Never' },
    onFailureRetries: { ...retries, description: 'OnFailure only: how often a failed run is restarted.' },
    onFailureRetryInterval: { ...seconds, description: 'Seconds between a failure and the restart.' },
    onSubmissionFailureRetries: { ...retries, description: 'OnFailure only: how often a failed submission is retried.' },
    onSubmissionFailureRetryInterval: { ...seconds, description: 'Seconds between a failed submission and the retry.' },
  },
} as const;

export const sparkDynamicAllocation = {
  type: 'object',
  additionalProperties: false,
  description:
    'Executors come and go with the load (Spark dynamic allocation with shuffle tracking); Spark starts with the largest of minExecutors, initialExecutors and executor.instances (the operator still passes spark.executor.instances).',
  required: ['maxExecutors'],
  properties: {
    initialExecutors: { type: 'integer', minimum: 0, maximum: 100000 },
    minExecutors: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
    maxExecutors: { type: 'integer', minimum: 1, maximum: 100000 },
    shuffleTrackingTimeout: {
      type: 'integer',
      minimum: 0,
      maximum: INT32_MAX,
      description: 'Milliseconds an executor holding shuffle data is kept.',
    },
  },
} as const;

export const sparkUIOptions = {
  type: 'object',
  additionalProperties: false,
  description: 'The Service the operator creates for the Spark UI of the driver.',
  properties: {
    servicePort: { type: 'integer', minimum: 1, maximum: 65535, default: 4040 },
    serviceType: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer'], default: 'ClusterIP' },
    serviceAnnotations: {
      type: 'object',
      propertyNames: {
        ...notReservedKey,
        pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
        maxLength: 316,
      },
      additionalProperties: { type: 'string' },
      default: {},
    },
  },
} as const;

/**
 * Standard cron (five fields) or a robfig/cron descriptor, optionally after
 * `CRON_TZ=`: what the operator's ScheduledSparkApplication controller parses
 * (`cron.ParseStandard` in internal/controller/scheduledsparkapplication/controller.go).
 */
const CRON =
  '^(CRON_TZ=[A-Za-z0-9_+/-]+ )?(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|@every ([0-9]+(ns|us|ms|s|m|h))+|([0-9*/,?A-Za-z-]+ ){4}[0-9*/,?A-Za-z-]+)$';

export const sparkSchedule = {
  type: 'object',
  additionalProperties: false,
  required: ['cron'],
  description: 'Run the application on a schedule: it becomes a ScheduledSparkApplication whose runs are SparkApplications named after it.',
  properties: {
    cron: {
      type: 'string',
      pattern: CRON,
      description: 'Cron schedule, e.g. "0 2 * * *" or "@daily".',
      errorMessage: { pattern: 'must be a cron schedule of five fields ("0 2 * * *") or a descriptor such as "@daily" or "@every 6h"' },
    },
    timeZone: {
      type: 'string',
      pattern: '^[A-Za-z][A-Za-z0-9_+/-]*$',
      maxLength: 64,
      description: 'IANA time zone of the schedule, e.g. Europe/Berlin.',
    },
    concurrencyPolicy: {
      enum: ['Allow', 'Forbid', 'Replace'],
      default: 'Forbid',
      description:
        'Whether a run may start while the previous one still runs; recurring jobs usually write the same outputs, so not by default.',
    },
    suspend: { type: 'boolean', default: false },
    successfulRunHistoryLimit: { type: 'integer', minimum: 0, maximum: 100, default: 1, description: 'Finished runs kept.' },
    failedRunHistoryLimit: { type: 'integer', minimum: 0, maximum: 100, default: 1, description: 'Failed runs kept.' },
  },
} as const;
