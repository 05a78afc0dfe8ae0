const MAC = process.argv.includes('--mac');
const mod = MAC ? '\u2318' : 'Ctrl';
const label = code => (code >= 65 && code <= 90 ? String.fromCharCode(code) : { 188: ',', 191: '/', 192: '`' }[code]);

const SHEETS = {
  vscode: [[80, 'Command palette', true], [188, 'Settings'], [191, 'Toggle comment'], [192, 'Terminal']],
  chrome: [[84, 'New tab'], [87, 'Close tab'], [76, 'Address bar'], [74, 'Downloads', true]],
};

for (const [code, what, shift] of SHEETS[process.argv[2]] || []) {
  console.log(`${[mod, shift && 'Shift', label(code)].filter(Boolean).join('+').padEnd(18)} ${what}`);
}
