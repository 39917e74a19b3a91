/**
 * Small-field geometry for the cover-crop MIP: positions are GeoJSON `[longitude, latitude]`
 * (RFC 7946), a field is one closed ring a few hundred metres across. Over such a field an
 * equirectangular projection about the ring's first position is accurate to well under a metre,
 * so distances are taken in that local plane (metres east, metres north).
 */

/** Metres per degree of latitude (mean, WGS 84 ellipsoid: 111 132 m; 111 320 at the equator). */
export const METRES_PER_DEGREE = 111_320;

export type Position = readonly [number, number];

export interface LocalPlane {
  /** Metres east and north of the origin. */
  toLocal(lon: number, lat: number): [number, number];
  toLonLat(east: number, north: number): [number, number];
}

export function localPlane(origin: Position): LocalPlane {
  const [lon0, lat0] = origin;
  const east = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  return {
    toLocal: (lon, lat) => [(lon - lon0) * east, (lat - lat0) * METRES_PER_DEGREE],
    toLonLat: (x, y) => [lon0 + x / east, lat0 + y / METRES_PER_DEGREE],
  };
}

function segmentDistance(px: number, py: number, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / length2));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

/**
 * Signed distance in metres from a point to the ring's boundary: positive inside, negative
 * outside (even-odd ray casting for the side, the nearest edge for the distance).
 */
export function signedDistanceM(ring: readonly Position[], lon: number, lat: number): number {
  const plane = localPlane(ring[0]!);
  const local = ring.map((p) => plane.toLocal(p[0], p[1]) as Position);
  const [px, py] = plane.toLocal(lon, lat);
  let inside = false;
  let nearest = Number.POSITIVE_INFINITY;
  for (let i = 0, j = local.length - 1; i < local.length; j = i++) {
    const a = local[i]!;
    const b = local[j]!;
    if (a[1] > py !== b[1] > py && px < ((b[0] - a[0]) * (py - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
    nearest = Math.min(nearest, segmentDistance(px, py, a, b));
  }
  return inside ? nearest : -nearest;
}

/** The ring's widest extent in metres along east or north. */
export function spanM(ring: readonly Position[]): number {
  const plane = localPlane(ring[0]!);
  const local = ring.map((p) => plane.toLocal(p[0], p[1]));
  const xs = local.map((p) => p[0]);
  const ys = local.map((p) => p[1]);
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}
