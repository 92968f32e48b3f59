// Lint: typescript-eslint's recommended rules on every TypeScript and JavaScript file of the repo,
// plus the project's own: no `any`, unused names only when they start with `_`, and type-only
// imports written as such (they are erased from the bundles).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/.build/', 'test-results/', 'playwright-report/', 'model/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // `typeof import('./x')` names a lazily imported module's type without importing it eagerly.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Browser tests read the page's JSON (sessions, exports) without restating its types.
    files: ['test/e2e/**', 'test/faults/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
