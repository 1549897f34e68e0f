/**
 * Imports every split strategy so each registers itself once (registry pattern). Adding a
 * strategy = one file plus one line here.
 */
import './stratified.js';
import './group.js';
import './kfold.js';
import './official.js';
