const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, 'plugins');
const available = fs.readdirSync(dir).filter(f => f.endsWith('.js')).map(f => f.slice(0, -3));
const [name, ...words] = process.argv.slice(2);
if (!available.includes(name)) { console.error(`unknown formatter; have: ${available.join(', ')}`); process.exit(2); }
const plugin = require(path.join(dir, `${name}.js`));
console.log(plugin(words.join(' ')));
