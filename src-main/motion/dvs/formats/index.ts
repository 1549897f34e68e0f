/**
 * Registers every event-file format, in detection order: formats with a magic first line, then
 * Prophesee text headers, then name-based ones (N-MNIST .bin, CSV). Adding a format = one import.
 */
import './aedat2.js';
import './aedat3.js';
import './aedat4.js';
import './evt2.js';
import './evt3.js';
import './dat.js';
import './nmnist.js';
import './csv.js';
