import PostalMime from 'postal-mime';
import { findBucket, toBucketMount, toMountpointRelease } from '../../lib/config/resolve';
import { poolUserData, USERDATA_BOUNDARY } from '../../lib/approaches/node-userdata/config/pool-userdata';
import { renderMultipartMixed } from '../../lib/mime/multipart';
import { withoutCommentLines } from '../../lib/scripts/comment-lines';
import { renderUserDataScript } from '../../lib/scripts/userdata-script';
import { exampleConfig } from '../helpers';

const config = exampleConfig('node-userdata.yaml');
const pool = config.nodePools[0];
const userData = poolUserData(config, pool)!;

function header(email: Awaited<ReturnType<typeof PostalMime.parse>>, key: string): string | undefined {
  return email.headers.find((h) => h.key === key)?.value;
}

/**
 * A part's body as cloud-init's parser (Python's email package) sees it.
 * RFC 2046 makes the line break before a boundary line part of the boundary;
 * postal-mime reports bodies line by line and keeps it, so it is dropped here.
 */
function text(content: ArrayBuffer | Uint8Array | string): string {
  const decoded = typeof content === 'string' ? content : new TextDecoder().decode(content);
  return decoded.replace(/\n$/, '');
}

describe('node pool userData, parsed back by a MIME parser', () => {
  test('is a MIME 1.0 multipart/mixed archive with the fixed boundary', async () => {
    const email = await PostalMime.parse(userData);
    expect(header(email, 'mime-version')).toBe('1.0');
    expect(header(email, 'content-type')).toBe(`multipart/mixed; boundary="${USERDATA_BOUNDARY}"`);
  });

  test('has exactly one part: the shell script without its comment lines, byte for byte', async () => {
    const email = await PostalMime.parse(userData);
    const script = renderUserDataScript({
      release: toMountpointRelease(config),
      mounts: pool.buckets.map((name) => toBucketMount(config, findBucket(config, name))),
    });
    expect(email.attachments.map((a) => a.mimeType)).toEqual(['text/x-shellscript']);
    expect(text(email.attachments[0].content)).toBe(withoutCommentLines(script));
  });

  test('opens and closes every part with the boundary', () => {
    const lines = userData.split('\n');
    expect(lines.filter((l) => l === `--${USERDATA_BOUNDARY}`)).toHaveLength(1);
    expect(lines.filter((l) => l.includes(USERDATA_BOUNDARY))).toHaveLength(3);
    expect(userData.endsWith(`\n--${USERDATA_BOUNDARY}--\n`)).toBe(true);
  });

  test('is the same bytes on every synthesis', () => {
    expect(poolUserData(exampleConfig('node-userdata.yaml'), exampleConfig('node-userdata.yaml').nodePools[0])).toBe(userData);
  });

  test("is left out for a pool that mounts no bucket (Karpenter's bootstrap alone)", () => {
    expect(poolUserData(config, { ...pool, buckets: [] })).toBeUndefined();
  });
});

describe('renderMultipartMixed', () => {
  test('keeps several parts apart, in order, with their content types', async () => {
    const archive = renderMultipartMixed(
      [
        { contentType: 'text/x-shellscript; charset="us-ascii"', body: '#!/bin/bash\necho one\n' },
        { contentType: 'application/node.eks.aws', body: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig' },
      ],
      'B0UNDARY',
    );
    const email = await PostalMime.parse(archive);
    expect(email.attachments.map((a) => [a.mimeType, text(a.content)])).toEqual([
      ['text/x-shellscript', '#!/bin/bash\necho one\n'],
      // A body without a final newline gets one, so the boundary always starts a line.
      ['application/node.eks.aws', 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n'],
    ]);
  });

  test('refuses a body that contains its boundary line', () => {
    expect(() => renderMultipartMixed([{ contentType: 'text/plain', body: 'a\n--B\nb' }], 'B')).toThrow('contains the boundary line');
  });

  test('refuses a body that is not 7-bit', () => {
    expect(() => renderMultipartMixed([{ contentType: 'text/plain', body: 'café' }], 'B')).toThrow('7-bit');
  });
});
