const [project, summary, ...rest] = process.argv.slice(2);
const opt = name => rest[rest.indexOf(`--${name}`) + 1];
const { JIRA_EMAIL, JIRA_API_TOKEN, JIRA_SITE } = process.env;
if (!/^[a-z0-9-]+$/.test(JIRA_SITE || '')) throw new Error('JIRA_SITE must be the site name, e.g. "acme"');

const auth = Buffer.from(`${JIRA_EMAIL}:${JIRA_API_TOKEN}`).toString('base64');
const res = await fetch(`https://${JIRA_SITE}.atlassian.net/rest/api/3/issue`, {
  method: 'POST',
  headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json', Accept: 'application/json' },
  body: JSON.stringify({
    fields: {
      project: { key: project },
      summary,
      issuetype: { name: opt('type') || 'Task' },
      priority: { name: opt('priority') || 'Medium' },
    },
  }),
});
const out = await res.json();
console.log(res.ok ? `created ${out.key}` : `error: ${JSON.stringify(out.errors)}`);
