/**
 * jest setup (jest.config.js, setupFilesAfterEnv): the test world of core's use-case tests runs on the real SQLite
 * store. Core registers nothing itself, so it never imports server/.
 */
import { registerStoreFactory } from '../../../core/testing/world';
import { sqliteStores } from './testing';

registerStoreFactory(sqliteStores());
