// Imported first by main.ts, so the pin is taken before the rest of the application is evaluated.
import { pinTickObjectMap } from './pin-tick-object-map.js';

pinTickObjectMap();
