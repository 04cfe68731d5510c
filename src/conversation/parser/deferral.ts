// "después te confirmo", "te confirmo mañana", "lo hablo con mi marido y te aviso": a promise to
// answer later, not the answer. Its "confirmo" is not a booking, its "mañana" not a stay and its
// "marido" not a guest, so the whole phrase is blanked before any rule reads the message, with the
// condition it may carry ("te aviso mañana si reservamos").

const DEFERRAL =
  /\b(?:(?:despues|luego|mas tarde|manana|en un rato|cualquier cosa|ahi) (?:te|les) (?:confirmo|confirmamos|aviso|avisamos|digo|decimos)|(?:te|les) (?:confirmo|confirmamos|aviso|avisamos) (?:despues|luego|mas tarde|manana|en un rato|en breve|a la noche)|(?:lo|la) (?:hablo|hablamos|charlo|charlamos|veo|vemos|pienso|pensamos|consulto|consultamos)(?: \w+){0,4} y (?:te|les) (?:confirmo|confirmamos|aviso|avisamos|digo|decimos))(?: si \w+)?\b/g;

export function withoutDeferrals(text: string): string {
  return text.replace(DEFERRAL, ' ');
}
