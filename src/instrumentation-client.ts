import { z } from "zod";

// Runs in the browser before any of the app's modules. zod compiles its object parsers with
// `new Function` once it has probed for it, when a schema is made: under the pages'
// Content-Security-Policy (no 'unsafe-eval') that probe is a reported violation on every page. In
// the browser zod parses without compiling; the server keeps its compiled parsers.
z.config({ jitless: true });
