/** The abort reason of a background response whose cancel was asked for (`POST /v1/responses/{id}/cancel`). */
export class ResponseCancelled extends Error {
  override readonly name = 'ResponseCancelled';

  constructor() {
    super('The response was cancelled.');
  }
}

/** The abort reason of background work still running when the server shuts down. */
export class ServerStopping extends Error {
  override readonly name = 'ServerStopping';

  constructor() {
    super('The server stopped before this response finished.');
  }
}
