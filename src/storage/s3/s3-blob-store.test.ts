import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Fake, type S3Fake } from '../../../test/support/s3-fake.ts';
import { runBlobStoreContract } from '../../../test/kits/storage/blob-store.contract.ts';
import { createS3BlobStore, parseS3Url, s3ClientConfigFromEnv } from './s3-blob-store.ts';

let fake: S3Fake;
let stores = 0;
beforeAll(async () => {
  fake = await startS3Fake(['imagegate-test']);
});
afterAll(async () => {
  await fake.close();
});

// Each store gets its own prefix in the one bucket, as several deployments sharing a bucket would.
runBlobStoreContract({ name: 's3 (s3rver)', create: async () => createS3BlobStore({ bucket: 'imagegate-test', prefix: `contract-${(stores += 1)}/` }, fake.client()) });

describe('s3 blob store', () => {
  it('keeps to its prefix: deleting everything of one store spares the other', async () => {
    const client = fake.client();
    const first = createS3BlobStore({ bucket: 'imagegate-test', prefix: 'tenant-a/' }, client);
    const second = createS3BlobStore({ bucket: 'imagegate-test', prefix: 'tenant-ab/' }, client);
    await first.put('responses/r/1.png', new Uint8Array([1]), 'image/png');
    await second.put('responses/r/1.png', new Uint8Array([2]), 'image/png');
    await first.deletePrefix('responses/');
    expect(await first.get('responses/r/1.png')).toBeUndefined();
    expect(await second.get('responses/r/1.png')).toEqual(new Uint8Array([2]));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'imagegate-test', Prefix: 'tenant-a' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['tenant-ab/responses/r/1.png']);
  });

  it('parses s3:// URLs and reads the endpoint style from the AWS variables', () => {
    expect(parseS3Url('s3://my-bucket/images/prod/')).toEqual({ bucket: 'my-bucket', prefix: 'images/prod/' });
    expect(parseS3Url('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(parseS3Url('/var/lib/imagegate/blobs')).toBeUndefined();
    expect(s3ClientConfigFromEnv({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' })).toMatchObject({ forcePathStyle: true, region: 'us-east-1' });
    expect(s3ClientConfigFromEnv({ AWS_REGION: 'eu-west-1' })).toEqual({ region: 'eu-west-1' });
  });
});
