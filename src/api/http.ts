/** What a route of the control API answers, and the error that becomes an answer. */
export interface Reply {
  status: number;
  /** a JSON body, or */
  json?: unknown;
  /** a text body with its content type */
  text?: string;
  type?: string;
}

/** a request that cannot be served: answered with `status` and `{"error": message}` */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
