// ESLint (flat config): typescript-eslint's recommended rules without type information (fast), plus the rules the
// code's `eslint-disable` comments already name, and a line-length limit. eslint-config-oclif was measured and not
// taken: v7 needs Node 22 (this repo supports Node 20.12) and v6 reports 6,572 problems, mostly ordering and layout.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Every `eslint-disable` comment must say why, after ` -- ` on the same line. */
const directiveReason = {
  meta: {type: 'suggestion', schema: [], messages: {missing: 'Say why on the same line: `eslint-disable… rule -- reason`.'}},
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const text = comment.value.trim()
          if (/^eslint-disable(?:-next-line|-line)?\b/.test(text) && !/\s--\s*\S/.test(text)) context.report({loc: comment.loc, messageId: 'missing'})
        }
      },
    }
  },
}

export default tseslint.config(
  // src/lib/init/templates/files: the bodies of the files kit:init generates, in their own languages; many are fragments
  // (a check function, an endpoint) that only parse once filled in (test/lib/init/templates checks the rendered files)
  {ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', 'coverage/**', '.tmp/**', 'src/lib/init/templates/files/**']},
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: {reportUnusedDisableDirectives: 'error'},
    plugins: {kit: {rules: {'directive-reason': directiveReason}}},
    rules: {
      'kit/directive-reason': 'error',
      // Layout is Prettier's (.prettierrc.json, checked by `npm run lint`), at 160 columns; this rule catches what Prettier
      // can't break. Lines that begin with a message (a string, template or regex literal) may run longer: split, they
      // could not be searched for.
      'max-len': ['error', {code: 160, tabWidth: 2, ignoreUrls: true, ignorePattern: String.raw`^\s*(?:return |[\w.]+: |[?:] |const \w+ = |it\()?[\x60'"/]`}],
      'no-await-in-loop': 'error',
      'no-console': 'error',
      'no-new': 'error',
      'no-empty': ['error', {allowEmptyCatch: true}], // `catch {}`: the failure is the answer (not JSON, not a time zone)
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
    },
  },
  {
    // tests run one request or command after another on purpose, may print why they skip, and read any JSON
    files: ['test/**', 'packages/*/test/**'],
    rules: {'no-await-in-loop': 'off', 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off'},
  },
  {
    // plain JavaScript run by Node (bin/, test helpers)
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {globals: {process: 'readonly', console: 'readonly', URL: 'readonly'}},
  },
  {
    // CommonJS, where a tool loads its configuration with require() (.mocharc.suite.cjs)
    files: ['**/*.cjs'],
    languageOptions: {sourceType: 'commonjs', globals: {require: 'readonly', module: 'writable', __dirname: 'readonly'}},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
)
