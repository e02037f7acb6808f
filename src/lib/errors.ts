// Small domain errors carrying an HTTP status and a stable code; http/error-mapper.ts is the
// one place that turns them into responses. Messages are written for the person who must act.
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = 'internal_error';
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  override readonly status = 400;
  override readonly code: string = 'invalid_request';
}

export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly code: string = 'unauthorized';
}

export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly code: string = 'forbidden';
}

export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly code: string = 'not_found';
}

export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly code: string = 'conflict';
}

export class PayloadTooLargeError extends AppError {
  override readonly status = 413;
  override readonly code: string = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends AppError {
  override readonly status = 415;
  override readonly code: string = 'unsupported_media_type';
}

export class ServiceUnavailableError extends AppError {
  override readonly status = 503;
  override readonly code: string = 'service_unavailable';
}

/** A webhook whose signature, timestamp or envelope does not check out. Never a 5xx. */
export class WebhookRejectedError extends AppError {
  override readonly status: number;
  override readonly code: string;
  constructor(message: string, opts: { status?: number; code?: string; details?: Record<string, unknown> } = {}) {
    super(message, opts.details);
    this.status = opts.status ?? 400;
    this.code = opts.code ?? 'webhook_rejected';
  }
}

/** Bad configuration: names the file, the key and what was expected. Stops start-up. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message);
    this.name = 'ConfigError';
  }
}
