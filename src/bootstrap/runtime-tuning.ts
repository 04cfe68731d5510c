// Imported first by main.ts: process-wide adjustments that must be made before the rest of the
// application is evaluated (and before start-up's garbage collections).
import { pinTickObjectMap } from './pin-tick-object-map.js';

pinTickObjectMap();
