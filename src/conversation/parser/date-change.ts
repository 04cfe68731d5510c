// Asking to move a booking to other dates: "quiero cambiar las fechas", "¿se puede pasar mi reserva al
// 15?", "me equivoqué de fecha". Not "cambio de sábanas" or "pasame el link de la reserva".

import { collapseStretchedLetters, foldText } from './normalize.js';

const CHANGE_VERB =
  '(?:cambia|cambiala|cambialo|modifica|modificala|movela|correla|cambiar|cambiarla|cambiarlo|cambiame|cambiamela|cambiemos|cambio|modificar|modificarla|modificame|mover|moverla|moveme|movamos|correr|correrla|correme|corramos|postergar|posterga|adelantar|adelantarla|atrasar|atrasarla|reprogramar)';
const CUES: readonly RegExp[] = [
  new RegExp(
    `\\b${CHANGE_VERB}\\b(?:\\s+(?:la|las|los|el|mi|de|una|un|toda))*\\s+(?:fecha|fechas|dia|dias|reserva|estadia|llegada|salida)\\b`,
  ),
  new RegExp(`\\b(?:${CHANGE_VERB}|pasala|pasalo)(?:la|lo)?\\s+(?:para|al|a)\\s+(?:el|la|los)?\\s*\\d`),
  /\b(?:pasar|pasarla|pasame|pasamela|pasemos) (?:la|mi) reserva (?:para|al|a)\b/,
  /\bme equivoque de (?:fecha|dia)s?\b|\botras fechas para (?:la|mi) reserva\b/,
];

export function asksToChangeDates(text: string): boolean {
  const plain = collapseStretchedLetters(foldText(text));
  return CUES.some((re) => re.test(plain));
}
