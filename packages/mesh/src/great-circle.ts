/** Distance over the Earth's surface between two places given by latitude and longitude. */

/** A place on Earth, in degrees: latitude north positive, longitude east positive. */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/** The Earth's mean radius (IUGG R1), in km. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km, by the haversine formula (stable for short distances too). */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const latA = radians(a.lat);
  const latB = radians(b.lat);
  const halfLat = (latB - latA) / 2;
  const halfLon = radians(b.lon - a.lon) / 2;
  const haversine =
    Math.sin(halfLat) ** 2 + Math.cos(latA) * Math.cos(latB) * Math.sin(halfLon) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(haversine)));
}

function radians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}
