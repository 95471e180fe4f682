/** The URL (or an address it resolves to) is not allowed; nothing was sent to it. */
export class BlockedUrlError extends Error {
  override readonly name = 'BlockedUrlError';
  constructor(readonly reason: string) {
    // The URL itself is left out of the message: it may carry secrets (query tokens).
    super(`URL blocked: ${reason}`);
  }
}

/** The request was allowed but did not produce a usable response (network, timeout, status, redirects). */
export class FetchFailedError extends Error {
  override readonly name = 'FetchFailedError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The response body is (or announced to be) larger than the caller's cap. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`response body exceeds ${maxBytes} bytes`);
  }
}
