const { execFileSync } = require('child_process');
const files = process.argv.slice(2);
if (!files.length) { console.error('usage: fmt.js <files...>'); process.exit(2); }
execFileSync('npx', ['--yes', 'prettier@3.3.3', '--write', ...files], { stdio: 'inherit' });
