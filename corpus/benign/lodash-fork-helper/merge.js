const fs = require('fs');
const merge = (a, b) => {
  for (const [k, v] of Object.entries(b)) a[k] = v && typeof v === 'object' && !Array.isArray(v) ? merge(a[k] || {}, v) : v;
  return a;
};
const out = process.argv.slice(2).filter(f => fs.existsSync(f)).reduce((acc, f) => merge(acc, JSON.parse(fs.readFileSync(f, 'utf8'))), {});
console.log(JSON.stringify(out, null, 2));
