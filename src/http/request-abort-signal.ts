import { getEventListeners } from 'node:events';
import { IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Context } from 'hono';

/** A connection's controller while no request uses it: the next request on it takes it over. */
const idleControllers = new WeakMap<Socket, AbortController>();

/**
 * This request's abort signal: aborted when the client goes away before the answer is finished,
 * with the reason @hono/node-server's `context.req.raw.signal` gives, but without a new
 * AbortController per request (making one and its first listener cost more per request than the
 * rest of the route's bookkeeping). A request takes its connection's idle controller; once its
 * answer is finished it gives it back, unless somebody still listens on it (then it is left to
 * them and the next request makes a new one). An aborted signal is never given out again: it is
 * aborted only with its connection gone. Anything but a Node HTTP/1 request, or one whose
 * answer is already closed, gets Hono's own signal.
 */
export function requestAbortSignal(context: Context): AbortSignal {
  const { incoming, outgoing } = (context.env ?? {}) as { incoming?: unknown; outgoing?: ServerResponse };
  if (!(incoming instanceof IncomingMessage) || outgoing === undefined || outgoing.closed) return context.req.raw.signal;
  const socket = incoming.socket;
  const controller = idleControllers.get(socket) ?? new AbortController();
  idleControllers.delete(socket);
  outgoing.once('close', () => {
    // As @hono/node-server decides it (makeCloseHandler), with the same reasons.
    if (incoming.errored) controller.abort(incoming.errored.toString());
    else if (!outgoing.writableFinished) controller.abort('Client connection prematurely closed.');
    else if (getEventListeners(controller.signal, 'abort').length === 0 && !socket.destroyed) idleControllers.set(socket, controller);
  });
  return controller.signal;
}
