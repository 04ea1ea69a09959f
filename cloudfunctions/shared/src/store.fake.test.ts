import { runStoreContract } from '../../../core/ports/store.contract';
import { CloudStore } from './store';
import { FakeCloud } from './testing/fakeCloud';

runStoreContract(
  'CloudBase store on the in-memory cloud database (≤ 100 per get, unique _id and indexes, serial transactions)',
  async () => new CloudStore(new FakeCloud().database({ throwOnNotFound: false })),
);
