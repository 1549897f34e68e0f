/**
 * Imports every importer module so each registers itself once (registry pattern), in the order the
 * wizard lists them. Adding an importer = one file plus one line here.
 */
import './folderImporter.js';
import './ucf101Importer.js';
import './hmdb51Importer.js';
import './stanford40Importer.js';
import './tvhiImporter.js';
import './manifestImporter.js';
import './dvsImporter.js';
