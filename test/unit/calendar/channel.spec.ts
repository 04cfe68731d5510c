import { channelOf } from '../../../src/calendar/channel.js';

describe('channelOf', () => {
  it.each([
    ['https://www.airbnb.com/calendar/ical/1.ics?s=x', 'airbnb'],
    ['https://www.airbnb.com.ar/calendar/ical/1.ics', 'airbnb'],
    ['https://admin.booking.com/hotel/hoteladmin/ical.html?t=x', 'booking'],
    ['http://www.vrbo.com/icalendar/x.ics', 'vrbo'],
    ['https://www.homeaway.com/x.ics', 'vrbo'],
    ['https://calendar.google.com/calendar/ical/x/basic.ics', 'google'],
    ['https://notairbnb.example.com/x.ics', 'other'],
    ['https://booking.com.evil.example/x.ics', 'other'],
    ['not a url', 'other'],
  ])('%s → %s', (url, channel) => {
    expect(channelOf(url)).toBe(channel);
  });
});
