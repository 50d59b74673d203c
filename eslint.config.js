// ESLint flat config: type-aware rules from typescript-eslint over src, commands, test and bench.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const DOMAIN_FOLDERS = [
  'papers',
  'sources',
  'subscriptions',
  'delivery',
  'votes',
  'search',
  'summaries',
  'schedule',
  'weekly',
  'export',
  'settings',
  'outbox',
  'fulltext',
  'recommend',
];

const INTERACTION_TYPES = [
  'Interaction',
  'ChatInputCommandInteraction',
  'ButtonInteraction',
  'StringSelectMenuInteraction',
  'MessageComponentInteraction',
  'AutocompleteInteraction',
  'ModalSubmitInteraction',
  'CommandInteraction',
  'RepliableInteraction',
];

export default defineConfig(
  {
    ignores: ['node_modules/**', 'coverage/**', 'data/**', '.ci/**'],
  },
  {
    // Registered for every file so that `--rule '{"@typescript-eslint/...": ...}'` works on the command line.
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      // Prettier wraps code at 120 columns; this catches what it cannot wrap (long strings and comments).
      // Test titles are sentences and stay whole on their line.
      'max-len': [
        'error',
        {
          code: 120,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          ignorePattern: String.raw`^\s*(it|describe|test)(\.\w+)?\(`,
        },
      ],
    },
  },
  {
    files: DOMAIN_FOLDERS.map((folder) => `src/${folder}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'discord.js',
              importNames: INTERACTION_TYPES,
              message:
                'Domain code takes plain inputs and returns plain results; read the interaction in commands/ or src/discord/ and pass values in.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', URL: 'readonly' },
    },
  },
);
