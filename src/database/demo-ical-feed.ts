// The demo channel calendar is demo data, seeded with the demo places; the sandbox serves it and
// provides DemoIcalFeed. Defined here so the database never imports the sandbox.
/**
 * The embedded demo's channel calendar: a sandbox fake feed that blocks a few nights of one demo
 * place, so `npm start` shows an iCal sync working (feeds list, healthz, availability) with no setup.
 */
export const DEMO_ICAL_FEED = {
  slug: 'casa-del-bosque',
  name: 'Booking.com (demo)',
  path: '/demo/casa-del-bosque.ics',
  /** The blocked stay, in days from today at the place: nights 14, 15 and 16 (check-out on day 17). */
  fromDay: 14,
  toDay: 17,
  timeZone: 'America/Argentina/Buenos_Aires',
} as const;

/** Where the demo feed is served; `url` undefined when this process does not run it. */
export abstract class DemoIcalFeed {
  abstract readonly url: string | undefined;
}
