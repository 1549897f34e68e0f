import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';

// Lint also guards the layering of DESIGN.md: 'electron' may be imported only by src-main/app,
// src-main/ipc/register.ts, the Electron entry and the preload; the renderer talks to the core
// only through its api client and type-only imports of the contract.
const electronOnlyHere = ['src-main/app/**', 'src-main/ipc/register.ts', 'src-main/index.ts', 'src-preload/**'];

export default tseslint.config(
  { ignores: ['.tmp/**', 'out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] } },
  },
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['src-renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: electronOnlyHere,
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src-main/app and src-main/ipc/register.ts may import electron (DESIGN.md layering).' }] }] },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: 'src-main/(?!ipc/contract$)', message: 'The renderer may only import types from src-main/ipc/contract.' }, { group: ['electron'], message: 'The renderer never imports electron; use the api client.' }] }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/src-main/ipc/contract'], allowTypeImports: true, message: 'Import the contract with `import type` only.' }] }],
    },
  },
);
