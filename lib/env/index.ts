import 'server-only';
import { parseEnv } from './schema';

/** The validated environment of the running server; a wrong variable stops start-up here. */
export const env = parseEnv(process.env);
