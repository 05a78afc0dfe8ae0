import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

let file = process.argv[2];
if (/^https:\/\//.test(file)) {
  const dest = path.join(os.tmpdir(), 'parquet-peek-' + path.basename(new URL(file).pathname));
  const res = await fetch(file);
  await fs.writeFile(dest, Buffer.from(await res.arrayBuffer()));
  file = dest;
}
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = async sql => (await con.runAndReadAll(sql)).getRowObjects();
const safe = file.replaceAll("'", "''");
console.table(await q(`DESCRIBE SELECT * FROM read_parquet('${safe}')`));
console.table(await q(`SELECT * FROM read_parquet('${safe}') LIMIT 5`));
