/** Imports every export format so each registers itself once; adding a format = one file plus one line here. */
import './csvFormat.js';
import './mmaction2Format.js';
import './ucf101Format.js';
