import { DomainError } from './errors/domain-error';
import { StateMachine } from './state-machine';

type Light = 'red' | 'green' | 'amber';
const light = new StateMachine<Light>('light', { red: ['green'], green: ['amber'], amber: ['red', 'green'] });

describe('StateMachine', () => {
  it('answers whether a move is legal', () => {
    expect(light.can('red', 'green')).toBe(true);
    expect(light.can('red', 'amber')).toBe(false);
  });

  it('refuses an illegal move with INVALID_STATE_TRANSITION and both ends', () => {
    let caught: unknown;
    try {
      light.assert('green', 'red');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('INVALID_STATE_TRANSITION');
    expect((caught as DomainError).details).toEqual({ from: 'green', to: 'red' });
    expect(() => light.assert('amber', 'red')).not.toThrow();
  });

  it('lists the sources of a status for SQL guards', () => {
    expect(light.sourcesOf('green').sort()).toEqual(['amber', 'red']);
    expect(light.sourcesOf('amber')).toEqual(['green']);
  });
});
