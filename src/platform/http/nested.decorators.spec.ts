import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every `*.dto.ts` under src/, loaded so its decorators register. */
function loadEveryDto(dir = join(__dirname, '..', '..')): number {
  let loaded = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) loaded += loadEveryDto(path);
    else if (entry.name.endsWith('.dto.ts')) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for its decorators
      require(path);
      loaded++;
    }
  }
  return loaded;
}

interface Meta {
  type: string;
  name?: string;
  target: unknown;
  propertyName: string;
}

describe('nested DTO properties', () => {
  it('are all declared with NestedObject or NestedArray (a plain object required, not just ValidateNested)', () => {
    expect(loadEveryDto()).toBeGreaterThan(20);
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Meta[]> };
    const all = [...storage.validationMetadatas.values()].flat();
    const nested = all.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
    expect(nested.length).toBeGreaterThan(0);
    const bare = nested.filter(
      (n) =>
        !all.some((m) => m.target === n.target && m.propertyName === n.propertyName && m.name === 'isObject'),
    );
    expect(bare.map((n) => `${(n.target as { name: string }).name}.${n.propertyName}`)).toEqual([]);
  });
});
