import { amenitiesAsked, describedIn } from './amenities.js';
import { texts } from './guest-texts.js';
import { coverPhoto, type Place } from './place-catalog.js';
import type { Reply } from './reply.js';

/** The places whose prices to show: the one asked about, else all of them. */
export function priced(places: Place[], slug: string | null): Place[] {
  const only = places.filter((p) => p.slug === slug);
  return only.length > 0 ? only : places;
}

/**
 * A question about a place: one feature ("¿tiene pileta?") is answered from its description, yes or
 * "I don't know"; anything else gets its photo and card. No place in mind: the list with prices, or
 * which places have the feature asked about. `booked`: the guest has that place reserved already.
 */
export async function answerAboutPlace(
  text: string,
  place: Place | null,
  places: Place[],
  reply: Reply,
  booked = false,
): Promise<void> {
  const asked = amenitiesAsked(text);
  const labels = (list: typeof asked) => list.map((a) => a.label);
  if (asked.length > 0 && place) {
    const has = asked.filter((a) => describedIn(place.description, a));
    await reply.text(
      texts.placeFeatures(place, labels(has), labels(asked.filter((a) => !has.includes(a))), booked),
    );
    return;
  }
  if (asked.length > 0) {
    const found = asked
      .map((a) => ({
        label: a.label,
        names: places.filter((p) => describedIn(p.description, a)).map((p) => p.name),
      }))
      .filter((f) => f.names.length > 0);
    const unknown = labels(asked).filter((label) => !found.some((f) => f.label === label));
    await reply.text(texts.featuresByPlace(found, unknown));
    return;
  }
  if (!place) {
    await reply.text(texts.prices(priced(places, null)));
    return;
  }
  const photo = coverPhoto(place.photos);
  if (photo) await reply.image(photo.url, texts.photoCaption(place.name));
  await reply.text(texts.placeInfo(place, booked));
}
