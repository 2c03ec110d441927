import nextPlugin from "@next/eslint-plugin-next";
import drizzle from "eslint-plugin-drizzle";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "test-results/**", ".data/**", "drizzle/**", "next-env.d.ts", "src/components/ui/**"] },
  ...tseslint.configs.recommended,
  {
    plugins: { drizzle, "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // Every delete and update must say which rows it touches.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Import `env` from '@/env' instead of reading process.env." },
      ],
    },
  },
  {
    // Env parsing, boot glue, scripts and tests are where process.env is read on purpose.
    files: ["src/env.ts", "src/instrumentation.ts", "src/proxy.ts", "src/trpc/client.tsx", "scripts/**", "tests/**", "*.config.*"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ["tests/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
);
