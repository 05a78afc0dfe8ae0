const fs = require('fs');
const path = require('path');

const { webhookUrl } = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
const [version, changelog] = process.argv.slice(2);
const section = fs.readFileSync(changelog, 'utf8').split(/^## /m).find(s => s.startsWith(version.replace(/^v/, ''))) || '';

fetch(webhookUrl, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ content: `**${version} released**\n${section.split('\n').slice(1).join('\n').slice(0, 1800)}` }),
}).then(r => console.log(r.ok ? 'announced' : `discord error ${r.status}`));
