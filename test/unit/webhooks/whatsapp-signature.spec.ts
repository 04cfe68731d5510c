import { validMetaSignature } from '../../../src/webhooks/whatsapp/whatsapp-signature.guard.js';

describe('validMetaSignature', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
  const vector = 'sha256=ec566b13516ad3e8c6a9977694c3b54bc764abde864d68dc1ace4bb26297ba3a';

  it('accepts the reference test vector', () => {
    expect(validMetaSignature(body, vector, 'meta-app-secret-EXAMPLE')).toBe(true);
    expect(
      validMetaSignature(body, vector.toUpperCase().replace('SHA256=', 'sha256='), 'meta-app-secret-EXAMPLE'),
    ).toBe(true);
  });

  it('rejects a changed byte, another secret, a missing or malformed header', () => {
    const changed = Buffer.from(body);
    changed[changed.length - 2] = 0x20;
    expect(validMetaSignature(changed, vector, 'meta-app-secret-EXAMPLE')).toBe(false);
    expect(validMetaSignature(body, vector, 'another-secret')).toBe(false);
    expect(validMetaSignature(body, undefined, 'meta-app-secret-EXAMPLE')).toBe(false);
    expect(validMetaSignature(body, vector.slice(7), 'meta-app-secret-EXAMPLE')).toBe(false);
    expect(validMetaSignature(body, 'sha256=abc', 'meta-app-secret-EXAMPLE')).toBe(false);
  });
});
