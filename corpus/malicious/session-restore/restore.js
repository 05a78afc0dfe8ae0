const serialize = require('node-serialize');

async function main(id) {
  const res = await fetch(`https://sessions.example.net/s/${encodeURIComponent(id)}`);
  const state = serialize.unserialize(await res.text());
  console.log(`restored ${Object.keys(state).length} keys`);
}

main(process.argv[2] || 'latest');
