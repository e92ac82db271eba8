/**
 * The dependency rule between layers (docs/ARCHITECTURE.md): imports flow one way.
 * core imports nothing of ours; store may import core; app imports core, store and channels;
 * channels imports core; api, worker and cli import app and core; web imports no server code.
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core imports nothing of ours outside core',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: '^src/', pathNot: layer('core') },
    },
    {
      name: 'core-has-no-io',
      comment: 'core does no I/O: no database, file system, network or process access',
      severity: 'error',
      from: { path: layer('core') },
      to: {
        path: '^(node:)?(fs|net|http|https|child_process|worker_threads|process)$|better-sqlite3|^pg$|kysely',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'store-imports-core-only',
      severity: 'error',
      from: { path: layer('store') },
      to: { path: '^src/', pathNot: [layer('store'), layer('core')] },
    },
    {
      name: 'app-imports-core-store-and-channels',
      severity: 'error',
      from: { path: layer('app') },
      to: { path: '^src/', pathNot: [layer('app'), layer('core'), layer('store'), layer('channels')] },
    },
    {
      name: 'channels-imports-core',
      severity: 'error',
      from: { path: layer('channels') },
      to: { path: '^src/', pathNot: [layer('channels'), layer('core')] },
    },
    {
      name: 'edges-import-app-and-core',
      comment: 'api, worker and cli go through the use cases, never the store directly',
      severity: 'error',
      from: { path: '^src/(api|worker|cli)/' },
      to: { path: '^src/', pathNot: ['^src/(api|worker|cli)/', layer('app'), layer('core')] },
    },
    {
      name: 'web-imports-no-server-code',
      severity: 'error',
      from: { path: layer('web') },
      to: { path: '^src/', pathNot: layer('web') },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
