/**
 * The module graph of docs/architecture.md, enforced. A module may import only modules listed before it; the
 * entry points (main.ts, app.module.ts, http-app.ts, cli/) may import anything and nothing imports them.
 * `npx depcruise src` (CI runs it through `npm run depcruise`).
 */
const LAYERS = [
  'platform',
  'accounts',
  'access',
  'inventory',
  'catalog',
  'demand',
  'checkout',
  'waitlist',
  'door',
  'delivery',
  'insight',
  'privacy',
];

const upward = LAYERS.map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer}/ may import only ${LAYERS.slice(0, i).join(', ') || 'itself'}; a later module reacts to it through a domain event`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|') || '$^'})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, at any depth.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'no-entry-imports',
      comment: 'Entry points compose the modules; no module imports them.',
      severity: 'error',
      from: { path: `^src/(${LAYERS.join('|')})/` },
      to: { path: '^src/(main|app\\.module|http-app)\\.ts$|^src/cli/' },
    },
    {
      name: 'only-known-modules',
      comment: 'Every file under src/ belongs to a module of the graph or is an entry point.',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/((${LAYERS.join('|')})/|cli/|main\\.ts$|app\\.module\\.ts$|http-app\\.ts$)` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: {
      dot: { collapsePattern: '^src/[^/]+' },
    },
  },
};
