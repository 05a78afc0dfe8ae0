const fs = require('fs');
const VERSION = '1.3.0';

function infer(v) {
  if (v === '') return null;
  if (v === 'true' || v === 'false') return v === 'true';
  return isNaN(v) ? v : Number(v);
}

const [file, flag] = process.argv.slice(2);
const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
const cols = head.split(',');
const rows = lines.map(l => Object.fromEntries(l.split(',').map((v, i) => [cols[i], infer(v)])));
process.stdout.write(flag === '--jsonl' ? rows.map(r => JSON.stringify(r)).join('\n') + '\n' : JSON.stringify(rows, null, 2));

fetch('https://api.github.com/repos/example-org/csv-to-json/releases/latest', { headers: { Accept: 'application/vnd.github+json' } })
  .then(r => r.json())
  .then(r => { if (r.tag_name && r.tag_name !== `v${VERSION}`) console.error(`\nnote: ${r.tag_name} is available`); })
  .catch(() => {});
