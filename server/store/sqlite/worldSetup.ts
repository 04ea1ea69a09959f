/**
 * jest setup (jest.config.js, setupFilesAfterEnv): the test world of core's use-case tests runs on the real SQLite
 * store. Core registers nothing itself, so it never imports server/.
 */
import { registerStoreFactory } from '../../../core/testing/stores';
import type * as Adapter from './testing';

// required on first use: test files that make no world load no store
registerStoreFactory((options) => (require('./testing') as typeof Adapter).sqliteStores()(options));
