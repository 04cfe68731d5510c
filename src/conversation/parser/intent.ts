// What the guest wants, from cue phrases of Rioplatense WhatsApp Spanish. Each intent lists its
// cues; when several fire, a fixed precedence decides (see classifyIntent), because a message like
// "hola! tenés libre del 15 al 20?" is a question about dates, not a greeting.

import type { Intent } from './parser.types.js';

type Cues = readonly RegExp[];

// Text is folded (no accents, lower case, stretched letters collapsed), so cues are written that way.

const CANCEL: Cues = [
  /\bcancel\w*/,
  /\banul(?:ar|a|ame|amos|o|en|enme|arla|arlo|alo|ala|acion)\b/,
  /\bdar(?:la|lo)? de baja\b|\bdame de baja\b|\bden de baja\b/,
  /\bno (?:vamos|voy|vamo|van) a (?:poder )?(?:ir|viajar|llegar|usar)\b/,
  /\bno (?:podemos|puedo|podremos|vamos|voy) (?:ir|viajar)\b/,
  /\b(?:ya|al final|finalmente) no (?:vamos|voy|viajamos|viajo|podemos)\b/,
  /\bse (?:nos|me) (?:cayo|suspendio|complico) el viaje\b/,
  /\b(?:suspender|desistir|dejar sin efecto) (?:la|mi|nuestra) reserva\b/,
  /\b(?:reembolso|reintegro|devolucion de (?:la|mi) (?:sena|plata|dinero))\b|\bme devuelven\b/,
  /\b(?:bajar(?:me|nos)?|me bajo|nos bajamos) de (?:la|mi|nuestra|esta) reserva\b/,
];

const RESERVE: Cues = [
  // the verb, but not "ya reservé"/"reservaron", which talk about an existing booking
  /(?<!\bya )\breserv(?:ar|arla|arlo|arnos|arme|armela|armelo|arnosla|ame|amela|amelo|ala|alo|anos|anosla|enme|en|o|amos|emos|aria|ariamos|a ya)\b/,
  /\b(?:me|nos) (?:la |lo )?reservas\b/,
  /\b(?:quiero|quisiera|queria|queremos|quisieramos|queriamos|necesito|necesitamos|me gustaria|nos gustaria|vengo a|puedo|podemos|podria|podriamos|como hago para|se puede|quiero hacer|queremos hacer|quisiera hacer) (?:hacer )?(?:una|la) (?:reserva|pre ?reserva)\b/,
  // paying the deposit of a stay not booked yet is booking it ("quiero señar la casa del 2 al 7")
  /\b(?:quiero|quisiera|queria|queremos|quisieramos|queriamos|vengo a|me gustaria|nos gustaria) (?:senar|senarla|senarlo|dejar (?:la |una )?sena)\b/,
  /\b(?:hacer|hago|hacemos|haceme|haganme|hagamos|dejar|dejo|dejamos|armar|armame|generar|generame|concretar|concretamos|cerrar|cerramos|confirmo|confirmamos|tomar) (?:una |la |mi )?(?:reserva|pre ?reserva)\b/,
  /\b(?:agend|anot|bloque|guard|separ|apart)(?:a|e)?(?:me|nos|mela|melo|nosla|noslo|la|lo)\b/,
  // vos imperatives lose their accent when folded ("bloqueá" → "bloquea"), so they need an object after them
  /\b(?:bloquea|bloqueen|agenda|agenden|anota|anoten|guarda|guarden|separa|separen|aparta|reserven)\s+(?:del|desde|para|me|nos)\b/,
  /(?<!\b(?:la|mi|una|tu|su|nuestra|esta|esa|de|otra|nueva|con|por|sobre|sin|cada) )\breserva\s+(?:del|desde|me|nos|entonces|nomas|ya mismo|porfa|por favor)\b/,
  // a greeting or a go-ahead before it makes "reservá para 2" (accent folded away) an order, not a noun
  /(?:^|\b(?:dale|listo|bueno|ok|entonces|perfecto|genial|hola|holis|buenas|buen dia|buenos dias)\b[\s,!.]*)reserva\s+(?:del|desde|para|me|nos|la|el|x|por|una|un|\d)/,
  /\b(?:dale|listo|bueno|ok|entonces|perfecto|genial)\b[\s,!.]*reserva\s*(?:[!.]|$)/,
  /\b(?:me|nos) (?:la |lo )?(?:guardas|anotas|agendas|separas|apartas|bloqueas|tomas|dejas reservad[oa])\b/,
  /\b(?:la|lo) (?:tomamos|tomo|reservamos|agarramos|agarro)\b|\b(?:la|lo) (?:quiero|queremos)\s*(?:[!.?,]|$)/,
  /\b(?:nos la quedamos|me la quedo|nos quedamos con|me quedo con|vamos con (?:esa|ese|esta|este))\b/,
  /\b(?:quiero|queremos|prefiero|preferimos|elijo|elegimos) (?:esa|ese|esta|este)\s*(?:[!.?,]|$)/,
  /\b(?:quiero|queremos|quisiera|quisieramos|queria) (?:alquilar|alquilarla|alquilarlo|tomar|la cabana|el depto|la casa)\b/,
  /\b(?:dale|listo|de una),? (?:reserva|reservala|reservalo|va|hagamos|confirmo|cerramos|avancemos|vamos con)\b/,
  // "te confirmo mañana" puts the decision off; "te confirmo" or "confirmamos" takes it
  /\b(?:avancemos|avanzamos|procedamos|cerremos) con la reserva\b|(?<!\b(?:despues|luego|mas tarde|manana|cualquier cosa) (?:te |les )?)\bconfirm(?:o|amos)\b(?! (?:mas tarde|despues|luego|manana|en un rato|a la noche|en breve))|\bconfirm(?:a|e)(?:me|nos)(?:la|lo)? (?:la |el )?(?:reserva|lugar|fecha|finde)\b/,
];

// Questions about a booking that already exists.
const STATUS_STRONG: Cues = [
  /\b(?:mi|la|nuestra) reserva (?:esta|quedo|sigue|fue|ya esta|se confirmo|figura|aparece|esta confirmada|esta aprobada|esta bien|salio)\b/,
  /\bcomo (?:va|esta|sigue|anda|viene) (?:todo |lo de )?(?:con )?(?:mi|la|nuestra) reserva\b/,
  /\bestado de (?:mi|la|nuestra) reserva\b|\bestado de la reserva\b|\bel estado\b/,
  /\bquedo (?:confirmad|reservad|agendad|registrad|tomad|hecha|todo|la reserva|ok|bien)/,
  /\b(?:esta|estan|ya esta|fue|quedo) (?:confirmad|aprobad|acreditad|registrad)/,
  /\bsi (?:ya )?(?:esta|quedo) (?:paga|pagada|abonada|senada)\b|\b(?:mi|la|nuestra) reserva\b[^.?!]{0,20}\b(?:esta|quedo) (?:paga|pagada|abonada|senada)\b/,
  /\b(?:me|nos) (?:confirmas|confirman|confirmarias|avisas|avisan) si\b/,
  /\bse (?:confirmo|registro|acredito|aprobo)\b|\bconfirmaron\b|\baprobaron\b/,
  /\bno (?:me|nos) (?:llego|mandaron|enviaron) (?:nada|la confirmacion|el mail|el correo|el mensaje|ningun|ninguna|la reserva)/,
  /\bsigue (?:todo )?en pie\b|\btodo en orden\b|\btodo ok con (?:mi|la) reserva\b/,
  /\b(?:ver|consultar|revisar|chequear) (?:mi|la) reserva\b|\bdatos de (?:mi|la) reserva\b/,
  /\b(?:mail|correo|mensaje|email|mensajito) de confirmacion\b|\bla confirmacion\b/,
  /\b(?:cambiar|modificar|mover|pasar|corregir) (?:la fecha|las fechas|mi reserva|la reserva)\b|\bme equivoque de (?:fecha|dia)\b/,
  /\b(?:me|nos) (?:confirmas|confirman) (?:la|mi|nuestra) reserva\b/,
];
// Mentions of an existing booking that matter only when nothing more specific was asked.
const STATUS_WEAK: Cues = [
  /\b(?:mi|el) codigo\b|\bcodigo de (?:mi |la )?reserva\b|\bnumero de reserva\b/,
  /\b(?:tengo|tenemos|hice|hicimos) (?:una|la) reserva\b/,
  /\bya reserv\w*/,
  /\b(?:mi|nuestra) reserva\b/,
  /\b(?:consulta|escribo|escribi|consulto|consulte|pregunto|pregunte) (?:\w+ )?(?:por|sobre) (?:la|mi|nuestra) reserva\b/,
  /\bla reserva (?:que|del|de la)\b|\b(?:tengo|tenemos) reservad[oa]\b/,
];

// Whether a payment arrived is a payment question even inside "me confirmás si …", which otherwise
// asks about a booking.
const PAYMENT_RECEIPT: Cues = [
  /\b(?:llego|llegaron|recibiste|recibieron|viste|vieron) (?:el|la|los|mi|nuestro|nuestra) (?:pago|plata|transferencia|sena|deposito|comprobante|dinero)\b/,
  /\bse (?:acredit(?:o|aron)|impacto|reflejo|registro) (?:el|la|mi|los|nuestro|nuestra) (?:pago|transferencia|sena|deposito)\b/,
  // "pagué con mercadopago pero no me llegó nada": a payment made, whatever is asked after it
  /^(?:pague|pagamos|transferi|transferimos|deposite|abone|senamos|sene)\b|\bya (?:te |les )?(?:pague|pagamos|transferi|transferimos|deposite|depositamos|abone|abonamos)\b|\b(?:recien|hoy|ayer|ahi|ahora) (?:te |les )?(?:pague|pagamos|transferi|transferimos|deposite|abone)\b|\bacab(?:o|amos) de (?:pagar|transferir|abonar|depositar|senar)\b/,
];

// Payment is the point of the message: paying, proving payment, asking how or where to pay.
const PAYMENT_STRONG: Cues = [
  /\b(?:ya|te|les) (?:pague|pagamos|transferi|transferimos|deposite|depositamos|abone|abonamos|mande el comprobante|envie el comprobante)\b/,
  /\b(?:ya |te |les )(?:mande|envie|pase|transferi|deposite) la plata\b/,
  /\bcomo (?:\w+ )?(?:pago|pagamos|se paga|abono|hago (?:para|el) pag\w*|puedo pagar|podemos pagar|te pago|les pago)\b/,
  /\blink (?:de|para) pag\w*|\b(?:el|otro|nuevo) link\b(?! de (?:las |la )?(?:fotos|ubicacion|maps|google|instagram))/,
  /\bcbu\b|\bcvu\b|\balias\b|\bcomprobante\b|\bdatos (?:bancarios|para (?:transferir|pagar|depositar))\b/,
  /\bmedios? de pago\b|\bformas? de pago\b|\bcuenta bancaria\b/,
  /\b(?:el tema|como es|como funciona|como seria) (?:de |con )?(?:la|el) (?:sena|pago|deposito|anticipo)\b/,
  /\bcuanto (?:es|seria|hay que dejar|tengo que dejar|dejo|pago|pagamos) (?:de )?(?:la |el )?(?:sena|anticipo|deposito)\b/,
];
// Payment mentioned along the way ("pagamos en efectivo"): only wins when nothing else was asked first.
const PAYMENT: Cues = [
  // "cuánto pago" asks a price, so a preceding "cuanto" keeps these out
  /(?<!cuanto (?:\w+ )?(?:\w+ )?)\bpag(?:ar|o|ue|amos|aste|as|ado|ada|arte|arles|arlo|arla|ues|uen|a|ando)\b/,
  /\babon(?:ar|o|e|amos|ado)\b/,
  /\btransf(?:er|ier|ir)\w*/,
  /\bdeposit\w*/,
  /\bsena\b|\bsenar\b|\bsenia\b|\banticipo\b/,
  /\bmercado ?pago\b|\bmp\b|\bpaypal\b/,
  /\btarjeta\b|\befectivo\b|\bcuotas\b|\bdebito\b|\bcredito\b|\brapipago\b|\bpago ?facil\b/,
  /\bfactura\b|\bdolares\b|\busd\b|\beuros\b/,
];

const PRICE: Cues = [
  /\bprecios?\b|\btarifas?\b|\bcostos?\b|\bvalor(?:es)?\b|\bcotiza\w*|\bpresupuesto\w*/,
  /\bcuanto (?:\w+ )?(?:sale|salen|cuesta|cuestan|esta|estan|es|seria|serian|saldria|saldrian|cobran|cobras|cobrarian|vale|valen|pago|pagamos|pagaria|pagariamos|tengo que pagar|hay que pagar|te debo|les debo)\b/,
  /\bcuanto (?:(?:la|las|los|el|por|cada|\d{1,2})\s+){1,3}(?:noches?|dias?|personas?|total|semanas?|finde|estadia)\b/,
  /\bcuanto\s*(?:[?!.]|$)/,
  /\ba cuanto\b|\bque (?:sale|cuesta|valor)\b|\bsale (?:la|por|x) noche\b|\bpor noche\b|\bx noche\b/,
  // "sale $85.000 la noche?": an amount per night is a price question
  /(?:\$\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:mil|k|lucas|pesos))\s+(?:la|por|x|cada) noche\b/,
  /\bdescuento\w*|\bpromo\w*|\boferta\w*|\bcaro\b|\bbarato\b|\bpresu\b/,
  /\b(?:cual|que|donde) (?:es |seria |sale )?(?:la|el|lo) (?:mas|menos) (?:barat|economic|car)\w*/,
];

const INFO: Cues = [
  // "mirá este video", "mi foto": media the guest shares, not pictures of the place
  /(?<!\b(?:este|esta|ese|esa|estos|estas|mi|mis) )(?:\bfotos?\b|\bfotitos?\b|\bimagen(?:es)?\b|\bvideos?\b|\bvideito\b)/,
  /\bcomo es (?:la|el|esa|ese)\b|\bque (?:tiene|incluye|trae|ofrece)\b|\bque hay en\b/,
  /\b(?:pileta|piscina|wifi|wi fi|internet|parrilla|asador|quincho|aire acondicionado|aire|calefaccion|estufa|salamandra|hogar|cochera|estacionamiento|estacionar|garage|garaje|tv|tele|netflix|cable|cocina|heladera|microondas|horno|vajilla|lavarropas|jacuzzi|hidromasaje|hidro|asado|vista|balcon|patio|jardin|terraza|toallas|sabanas|ropa de cama|ropa blanca|cuna|practicuna|silla alta|desayuno|limpieza|amenities|comodidades|servicios|equipad[oa])\b/,
  // asking whether pets may come; a pet merely listed with the group is INFO_ASIDE
  /\b(?:aceptan|acepta|admiten|admite|permiten|permite|dejan|pueden|puedo|podemos|llevar|traer|ir con|entran?)\b[^.?!]{0,25}\b(?:mascotas?|perr[oa]s?|perrit[oa]s?|gat[oa]s?)\b|\b(?:mascotas?|perr[oa]s?|perrit[oa]s?|gat[oa]s?)\s*\?|\bpet ?friendly\b/,
  /\bdonde (?:queda|quedan|esta|estan|se encuentra|se ubica|es)\b|\bubicaci\w*|\bubicad[oa]\b|\bdireccion\b|\bcomo (?:llego|llegamos|se llega|llegar)\b|\bcerca\b|\blejos\b|\bdistancia\b|\bmapa\b|\bmaps\b|\ba cuant[oa]s (?:cuadras|km|kilometros|metros|minutos)\b/,
  /\bcuant[oa]s (?:personas |gente )?(?:entran|caben|duermen|admite|admiten|pueden ir|se alojan)\b|\b(?:entran|caben|entramos|cabemos) \d{1,2}\b|\bpara cuant[oa]s\b|\bcapacidad\b|\b(?:entramos|entran|cabemos|caben) ?(?:\?|todos\b|bien\b|en (?:la|el|lo)\b)/,
  /\bcuant[oa]s (?:ambientes|habitaciones|camas|piezas|dormitorios|cuartos|banos)\b/,
  /\b(?:cual|que) (?:es |seria )?(?:la|el) (?:mas|menos) (?:grande|ampli|espacios|chic|chiquit|pequen)\w*/,
  /\btienen? (?:\d+ |una |un )?(?:ambientes|habitaciones|camas|piezas|dormitorios|cuartos|banos|cama matrimonial)\b/,
  // "gracias por la info" is a thank-you
  /(?<!por (?:la |tu |toda la |su )?)\binfo(?:rmacion)?\b|\bdetalles\b|\bcaracteristicas\b|\bmas datos\b/,
  /\b(?:a|hasta|desde) que hora (?:se puede|puedo|podemos|hay que|es|tengo que|tenemos que|se)\b|\bhorario\b.{0,30}\bcheck ?(?:in|out)\b/,
  /\bcheck ?(?:in|out)\b/,
  /\bhorario de (?:entrada|salida|check)|\bhora (?:de )?(?:entrada|salida|check ?in|check ?out)\b|\ba que hora (?:se )?(?:puede )?(?:entrar|ingresar|salir|llegar|dejar|es el check)/,
  /\bapt[oa]s? (?:para|mascotas|chicos|ninos)\b|\bmetros cuadrados\b|\bcuantos metros\b|\bm2\b|\bsuperficie\b/,
  /\bse puede (?:fumar|llevar|ir con|hacer asado)\b|\baceptan (?:mascotas|perros|chicos|ninos)\b|\bestadia minima\b|\bminimo de noches\b|\bcuantas noches minimo\b/,
];

// "somos 2 y un perro, hay lugar?": a pet mentioned along the way is about the place only when
// nothing else was asked.
const INFO_ASIDE: Cues = [/\bmascotas?\b|\bperr[oa]s?\b|\bperrit[oa]s?\b|\bgat[oa]s?\b/];

const AVAILABILITY: Cues = [
  // a holiday or a long weekend asked about, even without its dates: "y para carnaval?"
  /\b(?:finde|fin de semana) largo\b|\bpara (?:el |la |las |los )?(?:semana santa|carnaval(?:es)?|ano nuevo|navidad|pascuas?|vacaciones(?: de invierno| de verano)?|receso invernal|feriados?|puente)\b/,
  /\bdisponib\w*|\blibres?\b|\bocupad[oa]s?\b|\bvacantes?\b|\bcupos?\b/,
  // "tienen algún descuento" asks a price: "algún/alguna" counts only before a place or a date
  /\b(?:hay|tenes|tiene|tienen|tendrian|tendrias|tendran|queda|quedan|habria|habra) (?:lugar(?! para (?:estacionar|el auto|los autos|la camioneta|el coche|guardar))|algo(?! mas (?:barat|economic|car))|espacio|cabanas?|deptos?|casas?|para|alguna? (?:lugar|fecha|dia|noche|finde|cabana|casa|depto|hueco|opcion|disponib\w*|libre))\b/,
  /\b(?:se puede ir(?! con\b)|fechas? disponibles|fechas? libres|que fechas|que dias|(?:me|nos) interesa(?:ria)?)\b|\b(?:hay|tienen|tenes|queda|quedan) fechas?\b/,
  // "¿qué opciones hay?" with a stay in mind asks what is free (a bare "opciones" asks for the menu)
  /\bque opciones (?:hay|tenes|tienen|habria|me das)\b|\bopciones (?:para|del|disponibles|libres)\b/,
  /\b(?:alquilan|se alquila|para alquilar)\b|\bbusc(?:o|amos|ando) (?:lugar|alojamiento|algo|cabana|casa|depto|donde)\b/,
  /\b(?:queremos|quiero|queriamos|queria|pensamos|pensabamos|planeamos|estamos viendo (?:para|de)|estamos pensando en) (?:ir|viajar|escaparnos|escaparme|pasar)\b/,
  /\b(?:tienen|tenes|tendrian|tendrias|hay) (?:la|el) (?:cabana|casa|depto|del)\b/,
];

const HELP: Cues = [
  /\bayuda\b|\bayudame\b|\bayudar\b|\bhelp\b|\bmenu\b|\bopciones\b|\bcomandos\b|\binstrucciones\b/,
  /\bque (?:podes|puedes|sabes|se puede|pueden) hacer\b|\bcomo (?:funciona|te uso|se usa|uso esto)\b/,
  /\b(?:sos|es|eres) (?:un |una )?(?:bot|robot|maquina|contestador|persona|humano)\b|\b(?:un|una|el|con) (?:bot|robot|contestador automatico)\b/,
  /\bhablar con (?:una persona|alguien|un humano|una persona real|el dueno|la duena|un operador|un asesor|el encargado)\b/,
  /\b(?:contacto|telefono|numero|whatsapp|celular) (?:del|de la|de algun) (?:dueno|duena|encargad[oa]|propietari[oa]|responsable)\b/,
  /\bquien (?:sos|sos vos|eres|habla|me habla|atiende)\b|\bcon quien hablo\b/,
  /\balguien (?:que |para )?(?:me |nos )?(?:pueda |podria |puede )?(?:atender|atienda|ayudar|ayude|responder|responda)\b|\b(?:me|nos) (?:atiende|atienda) (?:alguien|una persona)\b/,
  /\bno entiendo\b|\bno entendi\b|\bempezar de nuevo\b|\bvolver al inicio\b/,
];

const THANKS: Cues = [
  /\bgracias\b|\bgrax\b|\bgrcs\b|\bgrasias\b|\bthanks?\b|\bthx\b|\bagradezco\b|\bagradecid[oa]\b/,
  // bare acknowledgements and goodbyes close a conversation the same way a thank-you does
  /^(?:(?:ok|oka|okey|okis|oki|dale|listo|perfecto|genial|joya|barbaro|buenisimo|buenisima|excelente|de una|entendido|re bien|ahi va|impecable|espectacular|muy bien|esta bien|ta bien|bueno|de acuerdo)[\s!.,]*)+$/,
  /\bchau\b|\bchao\b|\bnos vemos\b|\bhasta luego\b|\bsaludos\b|\babrazo\b/,
];

const GREETING: Cues = [
  /\bhola+\b|\bholis\b|\bholi\b|\bbuenas\b|\bbuen dia\b|\bbuenos dias\b|\bbuenas (?:tardes|noches)\b|\bhey\b|\bhi\b|\bhello\b|\bque tal\b|\bola\b/,
  /\bcomo (?:andas|andan|estas|estan|va|le va|les va)\b|\btodo bien\b|\bque haces\b|\bque onda\b/,
];

/** Position of the earliest cue, or -1. */
function firstHit(text: string, cues: Cues): number {
  let best = -1;
  for (const re of cues) {
    const m = re.exec(text);
    if (m && (best < 0 || m.index < best)) best = m.index;
  }
  return best;
}

export interface IntentSignals {
  hasCode: boolean;
  /** Dates with day numbers or a weekend were given. */
  hasStrongDates: boolean;
  /** A head count was stated, not just inferred from "con mi marido" in passing. */
  hasGuests: boolean;
  hasAccommodation: boolean;
}

/**
 * Precedence, highest first: cancel; reserve (it outranks payment because "reservo y te pago la
 * seña" is a booking); whether a payment arrived; a question about an existing booking; payment as
 * the point of the message;
 * then availability, price, accommodation info or a payment aside, whichever was asked first; a
 * pet mentioned in passing; a mere mention of an existing booking or a code; help; what the extracted data implies (dates or a
 * head count → availability, a place → info); thanks; greeting.
 */
export function classifyIntent(text: string, signals: IntentSignals): Intent {
  if (firstHit(text, CANCEL) >= 0) return 'cancel';
  if (firstHit(text, RESERVE) >= 0) return 'reserve';
  if (firstHit(text, PAYMENT_RECEIPT) >= 0) return 'payment';
  if (firstHit(text, STATUS_STRONG) >= 0) return 'reservation_status';
  if (firstHit(text, PAYMENT_STRONG) >= 0) return 'payment';

  const asked: Array<[Intent, number]> = [
    ['payment', firstHit(text, PAYMENT)],
    ['availability', firstHit(text, AVAILABILITY)],
    ['price', firstHit(text, PRICE)],
    ['accommodation_info', firstHit(text, INFO)],
  ];
  const questions = asked.filter(([, at]) => at >= 0).sort((a, b) => a[1] - b[1]);
  if (questions.length > 0) return questions[0]![0];
  if (firstHit(text, INFO_ASIDE) >= 0) return 'accommodation_info';

  if (firstHit(text, STATUS_WEAK) >= 0 || signals.hasCode) return 'reservation_status';
  if (firstHit(text, HELP) >= 0) return 'help';
  if (signals.hasStrongDates || signals.hasGuests) return 'availability';
  if (signals.hasAccommodation) return 'accommodation_info';
  if (firstHit(text, THANKS) >= 0) return 'thanks';
  if (firstHit(text, GREETING) >= 0) return 'greeting';
  return 'unknown';
}
