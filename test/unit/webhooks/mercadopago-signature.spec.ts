import {
  parseSignatureHeader,
  signatureManifest,
  validMercadoPagoSignature,
} from '../../../src/webhooks/mercadopago/mercadopago-signature.js';
import { mercadoPagoSignature } from '../../../src/sandbox/mercadopago-webhook-builder.js';

// The test vectors of integrations.md §3.5.
const SECRET = 'mp-webhook-secret-EXAMPLE';
const REQUEST_ID = 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e';
const TS = '1742505638';
const header = (v1: string, ts = TS) => `ts=${ts},v1=${v1}`;

describe('MercadoPago x-signature', () => {
  it('builds the manifest in the documented order, dropping missing pairs and lower-casing ids', () => {
    expect(signatureManifest('112233445566', REQUEST_ID, TS)).toBe(
      `id:112233445566;request-id:${REQUEST_ID};ts:${TS};`,
    );
    expect(signatureManifest('ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', REQUEST_ID, TS)).toBe(
      `id:ord01jq4s4ky8hwq6na5pxb65b3d3;request-id:${REQUEST_ID};ts:${TS};`,
    );
    expect(signatureManifest(undefined, REQUEST_ID, TS)).toBe(`request-id:${REQUEST_ID};ts:${TS};`);
    expect(signatureManifest('1', undefined, TS)).toBe(`id:1;ts:${TS};`);
  });

  it.each([
    [
      'a numeric payment id',
      '112233445566',
      '5d0bf2d7e7e16dd2d2011d7608b0ffce67c9aead1b811b5c466c290c649b68e2',
    ],
    [
      'an alphanumeric id, lower-cased',
      'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3',
      '69bd40957805af9c9acebe2529b20ad7bed10c36042d3c791b13e94bee4a3e25',
    ],
    ['no data.id', undefined, 'a5ebc122f2afe6b241ea6b63d77abaefffe65827bb942be86345cd271e078d60'],
  ])('accepts the documented vector for %s', (_name, dataId, v1) => {
    expect(
      validMercadoPagoSignature({ xSignature: header(v1), xRequestId: REQUEST_ID, dataId, secret: SECRET }),
    ).toBe(true);
  });

  it('agrees with the sandbox signer, and rejects any change to what was signed', () => {
    const xSignature = mercadoPagoSignature({
      dataId: '987',
      requestId: 'r-1',
      ts: '1700000000',
      secret: SECRET,
    });
    const input = { xSignature, xRequestId: 'r-1', dataId: '987', secret: SECRET };
    expect(validMercadoPagoSignature(input)).toBe(true);
    expect(validMercadoPagoSignature({ ...input, dataId: '988' })).toBe(false);
    expect(validMercadoPagoSignature({ ...input, xRequestId: 'r-2' })).toBe(false);
    expect(validMercadoPagoSignature({ ...input, secret: 'another-secret' })).toBe(false);
    expect(
      validMercadoPagoSignature({ ...input, xSignature: xSignature.replace('1700000000', '1700000001') }),
    ).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without v1', `ts=${TS}`],
    ['without ts', 'v1=5d0bf2d7e7e16dd2d2011d7608b0ffce67c9aead1b811b5c466c290c649b68e2'],
    ['with a short hash', `ts=${TS},v1=abc`],
    ['with a non-numeric ts', 'ts=abc,v1=5d0bf2d7e7e16dd2d2011d7608b0ffce67c9aead1b811b5c466c290c649b68e2'],
    ['an array', ['a', 'b']],
  ])('rejects a header %s', (_name, xSignature) => {
    expect(
      validMercadoPagoSignature({
        xSignature,
        xRequestId: REQUEST_ID,
        dataId: '112233445566',
        secret: SECRET,
      }),
    ).toBe(false);
  });

  it('reads the parts in any order, ignores unknown keys, and accepts an upper-case hash', () => {
    const v1 = '5d0bf2d7e7e16dd2d2011d7608b0ffce67c9aead1b811b5c466c290c649b68e2';
    expect(parseSignatureHeader(`v2=zzz, v1=${v1.toUpperCase()}, ts=${TS}`)).toEqual({ ts: TS, v1 });
  });
});
