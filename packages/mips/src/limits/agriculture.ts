/**
 * Bounds of the agriculture MIPs (agriculture/): mip-agr/cold-chain-custody@1.0.0 and
 * mip-agr/practice-cover-crop@1.0.0. A bound here is part of a claim schema or a verifier.
 */

// --- mip-agr/cold-chain-custody (agriculture/cold-chain-*.ts) ---

/** Longest shipment window one proof may cover: a sea leg is weeks, a quarter is beyond it. */
export const COLD_CHAIN_WINDOW_MS_MAX = 60 * 24 * 60 * 60 * 1000;
/** Longest shipment id (an EPC URI such as `urn:epc:id:sscc:…`, GS1 EPC Tag Data Standard). */
export const COLD_CHAIN_SHIPMENT_ID_CHARS_MAX = 120;
/** Most custodians one chain names (first shipper to last receiver). */
export const COLD_CHAIN_CUSTODIANS_MAX = 17;
/** Most EPCIS events one evidence document holds (a shipping and a receiving per leg). */
export const COLD_CHAIN_EVENTS_MAX = 2 * (COLD_CHAIN_CUSTODIANS_MAX - 1);
/** Most temperature readings one shipment carries (60 days at 5 min is 17 280). */
export const COLD_CHAIN_READINGS_MAX = 20_000;
/** Lowest and highest temperature a claim range or a reading may name, °C. */
export const COLD_CHAIN_TEMPERATURE_C_MIN = -90;
export const COLD_CHAIN_TEMPERATURE_C_MAX = 70;
/** Least width of a claimed range, °C: narrower is below any logger's accuracy. */
export const COLD_CHAIN_RANGE_WIDTH_C_MIN = 1;
/** Largest logger accuracy (± °C) the verifier accepts as a measurement at all. */
export const COLD_CHAIN_LOGGER_ACCURACY_C_MAX = 2;
/** Shortest and longest logging interval, s. */
export const COLD_CHAIN_LOGGING_INTERVAL_S_MIN = 10;
export const COLD_CHAIN_LOGGING_INTERVAL_S_MAX = 3600;
/** MKT activation energy ΔH, J/mol (USP <1079>: 83.144 kJ/mol). */
export const COLD_CHAIN_MKT_ACTIVATION_J_PER_MOL = 83_144;
/** Gas constant R, J/(mol·K), as USP <1079> uses it. */
export const COLD_CHAIN_GAS_CONSTANT_J_PER_MOL_K = 8.3144;
/** Readings may lie this many logging intervals off the window's edges before coverage fails. */
export const COLD_CHAIN_EDGE_INTERVALS_MAX = 2;

// --- mip-agr/practice-cover-crop (agriculture/cover-crop-*.ts) ---

/** Longest field id. */
export const COVER_CROP_FIELD_ID_CHARS_MAX = 120;
/** Longest crop name (e.g. `cereal rye`, `crimson clover`). */
export const COVER_CROP_CROP_CHARS_MAX = 64;
/** Vertices of the field ring, first repeated last (GeoJSON, RFC 7946 §3.1.6). */
export const COVER_CROP_RING_POSITIONS_MIN = 4;
export const COVER_CROP_RING_POSITIONS_MAX = 64;
/** Widest field, m, along either axis: the MIP is for one field, not a region. */
export const COVER_CROP_FIELD_SPAN_M_MAX = 5000;
/** Longest cover-crop window, days. */
export const COVER_CROP_WINDOW_DAYS_MAX = 366;
/** Most photo captures and satellite passes one proof carries. */
export const COVER_CROP_PHOTOS_MAX = 200;
export const COVER_CROP_PASSES_MAX = 400;
/** Largest GPS accuracy radius, m, the verifier accepts for a photo. */
export const COVER_CROP_GPS_ACCURACY_M_MAX = 100;
/** A pass is usable when at most this share of the field is cloud (Sentinel-2 SCL style mask). */
export const COVER_CROP_CLOUD_FRACTION_MAX = 0.3;
/** Days after planting by which a cover crop is established; later passes show its canopy. */
export const COVER_CROP_ESTABLISHMENT_DAYS = 30;
/** Fewer usable established-canopy passes than this: the verdict is insufficient evidence. */
export const COVER_CROP_USABLE_PASSES_MIN = 3;
/** Slack on a photo's capture time against the window, ms (a phone clock's drift). */
export const COVER_CROP_CAPTURE_SLACK_MS = 24 * 60 * 60 * 1000;
