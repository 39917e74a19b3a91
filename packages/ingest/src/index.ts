/** The ingest package's public surface: where producers' readings enter (ARCHITECTURE §8). */
export { INGEST_SOURCES, type IngestSource, type Reading } from './reading.js';
