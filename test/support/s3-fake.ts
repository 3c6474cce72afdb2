import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { s3ClientConfigFromEnv } from '../../src/storage/s3/s3-blob-store.ts';

export interface S3Fake {
  /** The standard AWS variables pointing at this server (for child processes too). */
  env: Record<string, string>;
  client(): S3Client;
  close(): Promise<void>;
}

/** A real S3-compatible server (s3rver) on 127.0.0.1, files in a temp folder, with `buckets` created. */
export async function startS3Fake(buckets: string[]): Promise<S3Fake> {
  const directory = await mkdtemp(join(tmpdir(), 'imagegate-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false, configureBuckets: buckets.map((name) => ({ name })) });
  const address = await server.run();
  // s3rver's fixed credentials.
  const env = {
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${address.port}`,
  };
  const clients: S3Client[] = [];
  return {
    env,
    client() {
      const client = new S3Client({ ...s3ClientConfigFromEnv(env), endpoint: env.AWS_ENDPOINT_URL_S3, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
