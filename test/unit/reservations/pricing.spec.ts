import { fromCents, quote, toCents } from '../../../src/reservations/domain/pricing.js';

describe('quote', () => {
  it('prices 7 nights × $85.500,50 exactly, deposit rounded to whole pesos', () => {
    expect(quote('85500.50', 7, '30')).toEqual({
      nights: 7,
      nightlyPrice: '85500.50',
      totalPrice: '598503.50',
      // 30 % of 598503.50 = 179551.05 → 179551
      depositAmount: '179551.00',
    });
  });

  it('rounds the deposit half up', () => {
    expect(quote('5.00', 1, '10').depositAmount).toBe('1.00'); // 0.50 → 1
    expect(quote('4.90', 1, '10').depositAmount).toBe('0.00'); // 0.49 → 0
    expect(quote('1001.00', 1, '50').depositAmount).toBe('501.00'); // 500.50 → 501
    expect(quote('1000.99', 1, '50').depositAmount).toBe('500.00'); // 500.495 → 500
  });

  it('handles fractional percents and 0 / 100 percent', () => {
    expect(quote('100000.00', 3, '12.5').depositAmount).toBe('37500.00');
    expect(quote('100000.00', 3, '0').depositAmount).toBe('0.00');
    expect(quote('85500.50', 3, '100').depositAmount).toBe('256502.00'); // 256501.50 → 256502
  });

  it('stays exact far beyond float precision', () => {
    const q = quote('9999999999.99', 30, '33.33');
    expect(q.totalPrice).toBe('299999999999.70');
    // 299999999999.70 × 0.3333 = 99989999999.90001 → 99990000000
    expect(q.depositAmount).toBe('99990000000.00');
  });

  it('normalises the nightly price to two decimals', () => {
    expect(quote('85000', 2, '30').nightlyPrice).toBe('85000.00');
    expect(quote('85000.5', 2, '30').totalPrice).toBe('170001.00');
  });

  it('refuses nonsense instead of guessing', () => {
    expect(() => quote('85000', 0, '30')).toThrow(RangeError);
    expect(() => quote('85000', 1.5, '30')).toThrow(RangeError);
    expect(() => quote('-1', 1, '30')).toThrow(RangeError);
    expect(() => quote('1e5', 1, '30')).toThrow(RangeError);
    expect(() => quote('1.005', 1, '30')).toThrow(RangeError);
    expect(() => quote('100', 1, '100.01')).toThrow(RangeError);
  });
});

describe('cents conversion', () => {
  it('round-trips decimal strings', () => {
    expect(toCents('0.5')).toBe(50n);
    expect(toCents('12')).toBe(1200n);
    expect(fromCents(5n)).toBe('0.05');
    expect(fromCents(123456789012345n)).toBe('1234567890123.45');
  });
});
