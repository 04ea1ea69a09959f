/** jest setup for `DUBAN_TEST_STORE=cloud`: the test world of core's use-case tests on the CloudBase adapters. */
import { registerStoreFactory } from '../../../../core/testing/world';
import { cloudStores } from './world';

registerStoreFactory(cloudStores());
