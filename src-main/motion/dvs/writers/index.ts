/** Registers every event writer (one import per output format). */
import './aedat4Writer.js';
import './npyWriter.js';
