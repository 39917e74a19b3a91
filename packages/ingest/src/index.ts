/** The ingest package's public surface: where producers' readings enter (ARCHITECTURE §8). */
export {};
