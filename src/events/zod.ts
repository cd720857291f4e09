// zod as probectl uses it: zod 4's functional build (zod/mini), with zod's English messages. Import it as a namespace
// (`import * as z from '../events/zod.js'`), so that the bundle holds only the functions probectl calls.
// Why mini: the classic build gives every schema its methods and can only be bundled whole (391 KB), which cost each
// `probectl run` some 25-30 ms and 6 MB before its backend's spawn. The schemas, their checks and their issues are
// zod's own either way (docs/architecture.md, "Why probectl uses zod/mini").
import en from 'zod/v4/locales/en.js';
import { config } from 'zod/mini';

// Classic sets English on its first schema; mini leaves messages to the program, and some of probectl's are zod's own.
config(en());

export * from 'zod/mini';
