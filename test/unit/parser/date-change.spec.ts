import { asksToChangeDates } from '../../../src/conversation/parser/date-change.js';

describe('asksToChangeDates', () => {
  it.each([
    'quiero cambiar las fechas de mi reserva',
    '¿se puede cambiar la fecha?',
    'me equivoqué de fecha, era del 16 al 19',
    '¿podés pasar mi reserva al 15 de enero?',
    'necesito modificar la reserva',
    'cambiala para el 20 de diciembre',
    'podemos correr la llegada un día?',
    'quiero postergar la reserva',
  ])('"%s" asks to move the booking', (text) => expect(asksToChangeDates(text)).toBe(true));

  it.each([
    'hay cambio de sábanas?',
    'pasame el link de la reserva',
    'quiero reservar del 15 al 17 de enero',
    'cancelá mi reserva',
    '¿cómo está mi reserva?',
  ])('"%s" does not', (text) => expect(asksToChangeDates(text)).toBe(false));
});
