import { csvField, csvLine } from './csv';

describe('csv', () => {
  it('quotes commas, quotes and newlines', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-5')).toBe("'-5");
  });

  it('writes dates as ISO 8601 and null as empty', () => {
    expect(csvLine([new Date('2030-06-01T19:30:00.000Z'), null, 12])).toBe('2030-06-01T19:30:00.000Z,,12\n');
  });
});
