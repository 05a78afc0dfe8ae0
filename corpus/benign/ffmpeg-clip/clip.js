const { spawn } = require('child_process');

const [input, from, to, output] = process.argv.slice(2);
if (!output) { console.error('usage: clip.js <input> <from> <to> <output>'); process.exit(2); }

const args = ['-hide_banner', '-y', '-ss', from, '-to', to, '-i', input];
if (output.endsWith('.gif')) args.push('-vf', 'fps=12,scale=480:-1:flags=lanczos');
else args.push('-c', 'copy');
args.push(output);

const p = spawn('ffmpeg', args, { stdio: ['ignore', 'inherit', 'inherit'] });
p.on('close', code => { console.log(code === 0 ? `wrote ${output}` : `ffmpeg exited ${code}`); process.exit(code); });
