import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

export const ICAL_LAST_SYNC_AGE = 'ical_last_sync_age_minutes';
export const ICAL_SYNC_ERRORS = 'ical_sync_errors_total';
export const ICAL_SYNC_DURATION = 'ical_sync_duration_seconds';
export const ICAL_CONFLICTS = 'ical_conflicts_total';

/**
 * Labels are the accommodation slug and the channel (airbnb, booking, vrbo, google, other): a small,
 * fixed set for an operator with a few places. Never the feed URL or an event UID.
 */
const FEED_LABELS = ['accommodation', 'channel'] as const;

export const icalLastSyncAgeProvider = makeGaugeProvider({
  name: ICAL_LAST_SYNC_AGE,
  help: 'Minutes since the last successful sync of a feed (the oldest when a place has several per channel)',
  labelNames: [...FEED_LABELS],
});

export const icalSyncErrorsProvider = makeCounterProvider({
  name: ICAL_SYNC_ERRORS,
  help: 'Feed syncs that failed, by reason (http_error, timeout, network, too_large, not_calendar, ...)',
  labelNames: [...FEED_LABELS, 'reason'],
});

export const icalSyncDurationProvider = makeHistogramProvider({
  name: ICAL_SYNC_DURATION,
  help: 'Time to sync one feed (fetch, parse, replace its blocks), by result',
  labelNames: ['result'],
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
});

export const icalConflictsProvider = makeCounterProvider({
  name: ICAL_CONFLICTS,
  help: 'Imported blocks that overlap one of our active reservations: a double booking on a channel',
  labelNames: ['accommodation', 'channel'],
});

export const ICAL_METRIC_PROVIDERS = [
  icalLastSyncAgeProvider,
  icalSyncErrorsProvider,
  icalSyncDurationProvider,
  icalConflictsProvider,
];
