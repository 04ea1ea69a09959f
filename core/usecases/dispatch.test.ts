import { dispatch } from './index';
import { breakStore, expectError, useWorld } from '../testing/world';

const { w } = useWorld();

describe('dispatch', () => {
  it('answers an unknown action with UNKNOWN_ACTION, whoever asks', async () => {
    const admin = await w.addUser('city-ducha', 'admin');
    await expectError(w.call(admin, 'dropDatabase' as never, {}), 'UNKNOWN_ACTION');
    await expectError(w.call(null, '__proto__' as never, {}), 'UNKNOWN_ACTION');
    await expectError(w.call(null, 'toString' as never, {}), 'UNKNOWN_ACTION');
  });

  it('checks the caller before the payload: an unbound caller learns nothing about the input rules', async () => {
    await expectError(w.call(null, 'submitReport', { text: 5 }), 'NOT_BOUND');
  });

  it('reads a missing payload as an empty one', async () => {
    const admin = await w.addUser('city-ducha', 'admin');
    await expect(dispatch(w.rt, w.callerOf(admin), 'listDirectory', undefined)).resolves.toBeDefined();
  });

  it('turns an unexpected failure into INTERNAL, keeping the cause for the logs', async () => {
    const admin = await w.addUser('city-ducha', 'admin');
    breakStore(w, 'getDirectory');
    const err = (await expectError(w.call(admin, 'listDirectory', {}), 'INTERNAL')) as unknown as Error & {
      cause?: Error;
    };
    expect(err.cause?.message).toContain('disk I/O error');
    expect(err.message).not.toContain('SQLITE');
  });
});
