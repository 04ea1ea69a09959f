/**
 * jest setup (jest.config.js, setupFilesAfterEnv): the test world of core's use-case tests runs on the real SQLite
 * store. Core registers nothing itself, so it never imports server/.
 */
import { registerPhotoProcessor, registerStoreFactory } from '../../../core/testing/stores';
import type * as Photos from '../../photos/sharpPhotos';
import type * as Adapter from './testing';

// required on first use: test files that make no world load no store
registerStoreFactory((options) => (require('./testing') as typeof Adapter).sqliteStores()(options));
// the image library of the use cases' photo evidence: sharp, loaded when a test first stamps a photo
registerPhotoProcessor(() => new (require('../../photos/sharpPhotos') as typeof Photos).SharpPhotos());
