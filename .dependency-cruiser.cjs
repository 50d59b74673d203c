// dependency-cruiser rules: the layering of Paperboy's folders. Run with `npm run deps`.
// Type-only imports count as dependencies (tsPreCompilationDeps), so a cycle through `import type` is still a cycle.

const DOMAINS =
  '(papers|sources|subscriptions|settings|delivery|votes|search|summaries|schedule|weekly|export|outbox|fulltext|discussion|club|follows|recommend)';
const LOW_LEVEL = '(format|log|db|config)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules must not import each other in a circle, not even through type-only imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Folders must not depend on each other in a circle (folder A imports from B and B, directly or not, from A). ' +
        'Move the shared piece down into one folder, or into a lower-level one.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-not-to-app-layers',
      severity: 'error',
      comment:
        'Domain folders hold the logic; they must not reach up into the commands, the bot wiring, Discord glue or the CLI.',
      from: { path: `^src/${DOMAINS}/` },
      to: { path: '^(commands/|src/(app|discord|cli)/)' },
    },
    {
      name: 'discord-not-to-app-layers',
      severity: 'error',
      comment:
        'src/discord is Discord glue used by commands and the app; it must not import commands, the app or the CLI.',
      from: { path: '^src/discord/' },
      to: { path: '^(commands/|src/(app|cli)/)' },
    },
    {
      name: 'low-level-only-low-level',
      severity: 'error',
      comment: `src/${LOW_LEVEL} are the bottom layer: they may import each other and packages, nothing else under src/.`,
      from: { path: `^src/${LOW_LEVEL}/` },
      to: { path: '^src/', pathNot: `^src/${LOW_LEVEL}/` },
    },
    {
      name: 'nothing-imports-commands',
      severity: 'error',
      comment: 'commands/ is found by the loader (by folder); no module under src/ imports it.',
      from: { path: '^src/' },
      to: { path: '^commands/' },
    },
    {
      name: 'commands-know-app-only-by-context',
      severity: 'error',
      comment: 'Handlers get ctx; of src/app they may know only its type (src/app/context.ts), never the wiring.',
      from: { path: '^commands/' },
      to: { path: '^src/app/', pathNot: '^src/app/context\\.ts$' },
    },
    {
      name: 'commands-not-to-cli',
      severity: 'error',
      comment: 'Slash commands run in the bot; the CLI is a separate entry point.',
      from: { path: '^commands/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'product-not-to-test-or-bench',
      severity: 'error',
      comment: 'Shipped code must not import test or benchmark code.',
      from: { path: '^(src|commands)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'A package imported without being declared in package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'Shipped code must not import a devDependency at run time (type-only imports are fine).',
      from: { path: '^(src|commands|bin)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
