// Every migration, in order. Written with TypeORM's Table API so each runs on SQLite and MySQL.
// Class names end in a timestamp (TypeORM requires it); keep the list ordered.
import { Initial1764806400000 } from './0001-initial';
import { ChaseTables1764806400002 } from './0002-chase-tables';
import { Chase1764806400003 } from './0003-chase';
import { WecomKf1764806400004 } from './0004-wecom-kf';
import { Reports1764806400006 } from './0006-reports';
import { ReportsBacklogIndexes1764806400016 } from './0006-reports-backlog-indexes';
import { LongTexts1764806400020 } from './0007-long-texts';

export const migrations = [Initial1764806400000, ChaseTables1764806400002, Chase1764806400003, WecomKf1764806400004, Reports1764806400006, ReportsBacklogIndexes1764806400016, LongTexts1764806400020];
