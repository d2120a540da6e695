/**
 * SMTP delivery: the only module that imports nodemailer. `deliver` (fresh connections),
 * `SmtpDeliverer` (pooled, for the outbox worker), `diagnose` + `formatDiagnosis` (Send test
 * message), error classification into the closed Reason set.
 */
export type { TransportConfig, OutgoingMessage, SmtpAttempt, DeliveryReport, AttemptFailure } from './types.js';
export { deliver, type DeliverOptions } from './deliver.js';
export { SmtpDeliverer, DEFAULT_MAX_CONNECTIONS, type SmtpDelivererOptions } from './deliverer.js';
export { ServerHealth, type Clock } from './health.js';
export { diagnose } from './diagnose.js';
export { formatDiagnosis } from './diagnosis-text.js';
export { testMessage } from './test-message.js';
export { CLASSIFICATION_TABLE, classify, errorFacts, isRetryable, isPermanentRejection } from './classify.js';
export * from './timeouts.js';
