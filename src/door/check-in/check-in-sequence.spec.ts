import { ScanOutcome } from '../scans/scan-outcome';
import { CountedScan, sequence } from './check-in-sequence';

const at = (minute: number) => new Date(Date.UTC(2030, 6, 4, 18, minute));
const scan = (id: string, minute: number, position: number): CountedScan => ({
  id,
  scannedAt: at(minute),
  position,
  userId: null,
  deviceId: `device-${id}`,
});

describe('sequence', () => {
  it('without re-entry, the earliest scan is the entry whatever order the scans arrived in', () => {
    const a = scan('a', 5, 2);
    const b = scan('b', 9, 1);
    for (const arrived of [
      [a, b],
      [b, a],
    ]) {
      const s = sequence(arrived, false);
      expect(s.outcomes.get('a')).toBe(ScanOutcome.Entry);
      expect(s.outcomes.get('b')).toBe(ScanOutcome.Duplicate);
      expect(s.first.id).toBe('a');
      expect(s.inside).toBe(true);
    }
  });

  it('breaks a tie of equal times in favour of the scan recorded first', () => {
    const s = sequence([scan('late', 5, 2), scan('early', 5, 1)], false);
    expect(s.outcomes.get('early')).toBe(ScanOutcome.Entry);
    expect(s.outcomes.get('late')).toBe(ScanOutcome.Duplicate);
  });

  it('with re-entry, scans alternate entry and exit in time order and tell who is inside', () => {
    const three = sequence([scan('c', 30, 1), scan('a', 10, 2), scan('b', 20, 3)], true);
    expect([...['a', 'b', 'c']].map((id) => three.outcomes.get(id))).toEqual([
      ScanOutcome.Entry,
      ScanOutcome.Exit,
      ScanOutcome.Entry,
    ]);
    expect(three.inside).toBe(true);
    expect(three.last.id).toBe('c');
    const two = sequence([scan('a', 10, 1), scan('b', 20, 2)], true);
    expect(two.inside).toBe(false);
  });
});
