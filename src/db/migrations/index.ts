// Every migration, in order. Written with TypeORM's Table API so each runs on SQLite and MySQL.
import { Initial1764806400000 } from './0001-initial';

export const migrations = [Initial1764806400000];
