// The DataSource for the TypeORM CLI, e.g. `npx typeorm-ts-node-commonjs migration:show -d ormconfig.ts`.
// The bot itself runs migrations at start and with `npm run cli -- migrate`.
import { createDataSource } from './src/db/data-source';
import { loadEnv } from './src/config/env';

export default createDataSource(loadEnv(process.env).DATABASE_URL);
