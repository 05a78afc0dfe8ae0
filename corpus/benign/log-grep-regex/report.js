const fs = require('fs');
const readline = require('readline');

const LINE = /^(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+) [^"]*" (\d{3}) (\d+|-)(?: "[^"]*" "[^"]*")?(?: (\d+\.\d+))?/;
const slow = Number(process.argv[process.argv.indexOf('--slow') + 1]) || 1;
const paths = new Map(), codes = new Map(), slowOnes = [];

const rl = readline.createInterface({ input: fs.createReadStream(process.argv[2]) });
rl.on('line', line => {
  const m = LINE.exec(line);
  if (!m) return;
  const [, , , , path, status, , rt] = m;
  paths.set(path, (paths.get(path) || 0) + 1);
  codes.set(status, (codes.get(status) || 0) + 1);
  if (rt && Number(rt) > slow) slowOnes.push(`${rt}s ${path}`);
});
rl.on('close', () => {
  console.log('top paths:', [...paths].sort((a, b) => b[1] - a[1]).slice(0, 10));
  console.log('status codes:', Object.fromEntries(codes));
  console.log(`slow (> ${slow}s):`, slowOnes.slice(0, 20));
});
