const fs = require('fs');
const { program } = require('commander');
const { marked } = require('marked');

program.argument('<file>').option('--theme <name>', 'light|dark', 'light').parse();
const [file] = program.args;
const slides = fs.readFileSync(file, 'utf8').split(/^---$/m).map(s => `<section>${marked.parse(s)}</section>`);
const bg = program.opts().theme === 'dark' ? '#111' : '#fff';
process.stdout.write(`<!doctype html><meta charset="utf-8"><style>body{margin:0;background:${bg}}section{height:100vh;padding:6vh 8vw;box-sizing:border-box}</style>${slides.join('')}`);
