// A yes or a no to a question the bot asked ("¿cancelo tu reserva?"). Only a message that is
// mostly that answer counts: "si, cancelala", "dale", "no, dejala"; "sí, pero antes una pregunta…"
// or anything longer is read as a new message instead.

import { collapseStretchedLetters, foldText } from './normalize.js';

export type YesNo = 'yes' | 'no';

const YES =
  /^(?:si|sip|sii|claro|dale|ok|oka|okey|de una|confirmo|confirmado|correcto|exacto|afirmativo|por favor|porfa|obvio|seguro|yes)\b/;
const NO = /^(?:no|nop|nope|nah|para|mejor no|todavia no|ni loco|negativo|cancela la cancelacion)\b/;
// What may follow the answer word and still leave it the whole answer.
const TAIL =
  /^(?:[\s,.!]*(?:si|no|gracias|dale|porfa|por favor|cancelala|cancelalo|cancela|cancelar|confirmo|dejala|dejalo|deja|mantenela|mantenelo|seguro|quiero|la|lo|reserva|mi|toda|todo|nomas|igual|mejor|esta bien|bien|asi|como esta|gracias igual|solo|preguntaba|era una pregunta|era para saber|queria saber))*[\s,.!?]*$/;

export function readYesNo(text: string): YesNo | null {
  const plain = collapseStretchedLetters(foldText(text))
    .replace(/[^\p{L}\p{N}\s,.!?]/gu, ' ')
    .trim();
  for (const [answer, re] of [
    ['no', NO],
    ['yes', YES],
  ] as const) {
    const m = re.exec(plain);
    if (m && TAIL.test(plain.slice(m[0].length))) return answer;
  }
  return null;
}
