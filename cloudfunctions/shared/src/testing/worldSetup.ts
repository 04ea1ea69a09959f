/** jest setup for `DUBAN_TEST_STORE=cloud`: the test world of core's use-case tests on the CloudBase adapters. */
import { registerPhotoProcessor, registerStoreFactory } from '../../../../core/testing/stores';
import type * as Photos from '../../../../server/photos/sharpPhotos';
import type * as Adapter from './world';

// required on first use: test files that make no world load no store
registerStoreFactory((options) => (require('./world') as typeof Adapter).cloudStores()(options));
// the api function's image library as it runs where sharp loads (Node >= 18.17; shared/src/photos.ts)
registerPhotoProcessor(() => new (require('../../../../server/photos/sharpPhotos') as typeof Photos).SharpPhotos());
