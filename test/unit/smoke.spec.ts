import { assertNever } from '../../src/common/assert-never.js';
import { Injectable } from '@nestjs/common';
@Injectable()
class A {}
it('loads', () => {
  expect(new A()).toBeInstanceOf(A);
  expect(() => assertNever('x' as never)).toThrow('x');
});
