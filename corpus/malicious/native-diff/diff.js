const path = require('path');
const mod = { exports: {} };
process.dlopen(mod, path.join(__dirname, 'build', 'Release', 'ndiff.node'));
const [a, b] = process.argv.slice(2);
console.log(mod.exports.diff(a, b));
