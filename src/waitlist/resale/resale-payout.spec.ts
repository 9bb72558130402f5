import { resalePayout } from './resale-payout';

describe('resalePayout', () => {
  it('pays the face value less the fee', () => {
    expect(resalePayout(2500, 2500, 250)).toEqual({ amount: 2437, fee: 63 });
    expect(resalePayout(2500, 2500, 0)).toEqual({ amount: 2500, fee: 0 });
  });

  it('never pays more than the new buyer paid, nor more than the seller paid', () => {
    expect(resalePayout(2500, 2000, 0)).toEqual({ amount: 2000, fee: 0 });
    expect(resalePayout(2000, 2500, 500)).toEqual({ amount: 1900, fee: 100 });
  });
});
