/**
 * Great-circle distance (haversine, on a sphere of the mean Earth radius) and the latitude /
 * longitude box that holds every point within a radius, which lets the drivers use the lat
 * index before computing distances. The SQLite driver registers haversineKm as an SQL function;
 * the PostgreSQL driver spells the same formula in SQL.
 */
import { EARTH_RADIUS_KM } from './registry-limits.js';

const RADIANS_PER_DEGREE = Math.PI / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const halfDLat = ((lat2 - lat1) * RADIANS_PER_DEGREE) / 2;
  const halfDLon = ((lon2 - lon1) * RADIANS_PER_DEGREE) / 2;
  const h =
    Math.sin(halfDLat) ** 2 +
    Math.cos(lat1 * RADIANS_PER_DEGREE) *
      Math.cos(lat2 * RADIANS_PER_DEGREE) *
      Math.sin(halfDLon) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface SearchBox {
  readonly latMin: number;
  readonly latMax: number;
  /** Absent when the box reaches a pole or crosses the antimeridian: no longitude bound. */
  readonly lonMin?: number;
  readonly lonMax?: number;
}

/** A box a little larger than needed (the distance filter is exact; the box only prunes). */
export function searchBox(lat: number, lon: number, radiusKm: number): SearchBox {
  const latDelta = radiusKm / (EARTH_RADIUS_KM * RADIANS_PER_DEGREE) + 1e-9;
  const latMin = Math.max(-90, lat - latDelta);
  const latMax = Math.min(90, lat + latDelta);
  if (latMin <= -90 || latMax >= 90) return { latMin, latMax };
  const widest = Math.max(Math.abs(latMin), Math.abs(latMax)) * RADIANS_PER_DEGREE;
  const lonDelta = latDelta / Math.cos(widest);
  if (lon - lonDelta < -180 || lon + lonDelta > 180) return { latMin, latMax };
  return { latMin, latMax, lonMin: lon - lonDelta, lonMax: lon + lonDelta };
}
