import { describe, expect, it } from 'vitest';
import { bulletin, FIELD } from '../helpers/fault-night.ts';
import { define, useTestServer } from '../helpers/test-server.ts';

/** The bulletin of `i` without its id: the Idempotency-Key header names it instead. */
const unnamed = (i: number) => {
  const { id: _id, ...body } = bulletin(i);
  return body;
};

describe('Idempotency-Key: the bulletin id as a header', () => {
  const server = useTestServer();
  // The fast path takes a plain POST; a query string sends the same request through express.
  describe.each([
    ['the fast path', ''],
    ['the express route', '?via=express'],
  ])('through %s', (_path, query) => {
    const election = `idem${query ? '-express' : '-fast'}`;
    const post = (body: unknown, key?: string) =>
      server.request('POST', `/api/elections/${election}/bulletins${query}`, body, key === undefined ? {} : { headers: { 'idempotency-key': key } });

    it('names the bulletin: a resend answers the first outcome, another body under the key is 409', async () => {
      await define(server, election, FIELD);
      expect(await post(unnamed(1), 'desk-7:0001')).toMatchObject({ status: 201, body: { version: 1 } });
      expect(await post(unnamed(1), 'desk-7:0001')).toEqual({ status: 200, body: { version: 1, duplicate: true } });
      // The same id in the body is the same bulletin.
      expect(await post({ ...unnamed(1), id: 'desk-7:0001' })).toEqual({ status: 200, body: { version: 1, duplicate: true } });
      const other = await post(unnamed(2), 'desk-7:0001');
      expect(other).toMatchObject({ status: 409, body: { error: { code: 'id_conflict', issues: [{ path: 'id' }] } } });
    });

    it('with a body id too, both must agree: 400 on `id`, nothing stored', async () => {
      const mismatch = await post({ ...unnamed(2), id: 'b-body' }, 'b-header');
      expect(mismatch).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', message: expect.stringMatching(/differs from the Idempotency-Key header "b-header"/), issues: [{ path: 'id' }] } } });
      const bad = await post(unnamed(2), 'has a space');
      expect(bad).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', issues: [{ path: 'id' }] } } });
      expect((await server.request('GET', `/api/elections/${election}`)).body.version).toBe(1);
      expect(await post({ ...unnamed(2), id: 'b-2' }, 'b-2')).toMatchObject({ status: 201, body: { version: 2 } });
    });
  });
});
