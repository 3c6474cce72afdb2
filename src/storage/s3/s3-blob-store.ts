import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { assertValidBlobKey, assertValidBlobPrefix } from '../blob-key.ts';
import type { BlobStore } from '../blob-store.ts';

export interface S3Location {
  bucket: string;
  /** Key prefix, '' or ending in `/`. */
  prefix: string;
}

/** `s3://bucket/some/prefix` → bucket and `some/prefix/`; undefined for anything else. */
export function parseS3Url(value: string): S3Location | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (match === null) return undefined;
  const path = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: match[1]!, prefix: path === '' ? '' : `${path}/` };
}

/**
 * The client config from the standard AWS variables (the SDK reads credentials, AWS_REGION and
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL itself). A custom endpoint means an S3-compatible
 * server (MinIO, Ceph, R2, s3rver…): path-style addressing, and checksums only where S3 requires
 * them, which such servers do not all understand.
 */
export function s3ClientConfigFromEnv(env: NodeJS.ProcessEnv): S3ClientConfig {
  const customEndpoint = Boolean(env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL']);
  return {
    region: env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1',
    ...(customEndpoint ? { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  };
}

/** Keys per DeleteObjects (S3 takes 1000; smaller batches spare S3-compatible servers that struggle with big ones). */
const deleteBatch = 200;

/** Blobs as objects under `prefix` in one bucket. A put is one PUT: readers see all of it or none. */
export function createS3BlobStore(location: S3Location, client: S3Client): BlobStore {
  const { bucket, prefix } = location;
  return {
    async put(key, bytes, contentType) {
      assertValidBlobKey(key);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + key, Body: bytes, ContentType: contentType }));
    },
    async get(key) {
      assertValidBlobKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + key }));
        return object.Body === undefined ? new Uint8Array() : await object.Body.transformToByteArray();
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async deletePrefix(keyPrefix) {
      assertValidBlobPrefix(keyPrefix);
      let continuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + keyPrefix, ContinuationToken: continuationToken }));
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [{ Key: object.Key }]));
        for (let start = 0; start < keys.length; start += deleteBatch) {
          await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(start, start + deleteBatch), Quiet: true } }));
        }
        continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (continuationToken !== undefined);
    },
  };
}
