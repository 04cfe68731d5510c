export type Channel = 'airbnb' | 'booking' | 'vrbo' | 'google' | 'other';

/** The platform a feed URL belongs to, from its host: a bounded metric label, never the URL itself. */
export function channelOf(url: string): Channel {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return 'other';
  }
  const is = (domain: string) => host === domain || host.endsWith(`.${domain}`);
  if (['airbnb.com', 'airbnb.com.ar', 'airbnb.es'].some(is) || /(^|\.)airbnb\./.test(host)) return 'airbnb';
  if (is('booking.com')) return 'booking';
  if (is('vrbo.com') || is('homeaway.com')) return 'vrbo';
  if (is('google.com')) return 'google';
  return 'other';
}
