/**
 * Imports every flow method so each registers itself once (registry pattern): code that looks
 * methods up by id imports this file. Adding a method = one file plus one line here.
 */
import './farneback.js';
import './tvl1.js';

/** Look-ups that are only complete once every method above has registered. */
export { flowMethodIds, getFlowMethod } from './registry.js';
