/**
 * Our exported events are `<reservation code>@reservas.estadia`: stable for the life of a booking
 * (a hold keeps its code when it is confirmed), and recognisable when a channel echoes them back.
 */
export const EXPORT_UID_SUFFIX = '@reservas.estadia';

export const exportUid = (reservationCode: string) => `${reservationCode}${EXPORT_UID_SUFFIX}`;
