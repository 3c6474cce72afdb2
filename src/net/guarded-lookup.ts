import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { FetchImageError } from './fetch-image-error.ts';

/**
 * A DNS `lookup` for `node:http` / `node:https` that refuses the connection when any address
 * the host resolves to fails `isAddressAllowed`. Checking inside the connection's own lookup
 * means the address checked is the address connected to, so DNS rebinding cannot slip in
 * between. Node skips `lookup` for literal IP hosts; the caller checks those itself.
 */
export function createGuardedLookup(isAddressAllowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      const first = addresses[0];
      if (!first) {
        callback(new FetchImageError(`The image URL host ${hostname} has no address.`, 'failed_to_download_image'), '');
        return;
      }
      if (addresses.some((entry) => !isAddressAllowed(entry.address))) {
        callback(blockedAddressError(hostname), '');
        return;
      }
      // With autoSelectFamily (the default since Node 20) net asks for every address.
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** The address is deliberately left out of the message: it may describe the internal network. */
export function blockedAddressError(hostname: string): FetchImageError {
  return new FetchImageError(
    `The image URL host ${hostname} points to an address that is not allowed (private, loopback, link-local or reserved).`,
    'invalid_image_url',
  );
}
