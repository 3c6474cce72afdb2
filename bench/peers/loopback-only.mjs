// Preloaded into Portkey's gateway (`node --import`): its start script takes only `--port=N` and
// listens on every interface; the bench keeps everything on 127.0.0.1, so a listen without a host
// gets 127.0.0.1. Nothing else in the gateway is touched.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === 'number' && (args[1] === undefined || typeof args[1] === 'function')) {
    args.splice(1, args[1] === undefined ? 1 : 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
