const [repo, ...rest] = process.argv.slice(2);
const staleDays = Number(rest[rest.indexOf('--stale-days') + 1]) || 90;
const token = process.env.GITHUB_TOKEN;
if (!token) { console.error('GITHUB_TOKEN is not set'); process.exit(2); }

async function gh(path) {
  const res = await fetch(`https://api.github.com${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' },
  });
  if (!res.ok) throw new Error(`GitHub ${res.status}`);
  return res.json();
}

const issues = (await gh(`/repos/${repo}/issues?state=open&per_page=100`)).filter(i => !i.pull_request);
const byLabel = {};
for (const i of issues) for (const l of i.labels.length ? i.labels : [{ name: '(none)' }]) (byLabel[l.name] ||= []).push(i);
for (const [label, list] of Object.entries(byLabel)) console.log(`${label}: ${list.length}`);

const cutoff = Date.now() - staleDays * 864e5;
const stale = issues.filter(i => Date.parse(i.updated_at) < cutoff);
console.log(`\nstale (> ${staleDays} days):`);
for (const i of stale) console.log(`  #${i.number} ${i.title}`);
