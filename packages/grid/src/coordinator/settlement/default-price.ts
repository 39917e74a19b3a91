/**
 * The price a coordinator quotes when its operator names none: one paisa (0.01 INR) per second of
 * a session, 36 INR an hour. One price per coordinator for now; price bands per latency class
 * arrive with the canopy (issue 6).
 */
import type { Amount } from '@mycel/kernel';

export const DEFAULT_PRICE: Amount = { minor: '1', currency: 'INR' };
