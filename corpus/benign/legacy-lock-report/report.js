#!/usr/bin/env node
'use strict';
// Lists the packages recorded in a project's package-lock.json with their licences.
const fs = require('fs');
const path = require('path');
const Table = require('cli-table3');

const project = process.argv[2] || '.';
const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8'));
const entries = lock.packages
  ? Object.entries(lock.packages).filter(([key]) => key.startsWith('node_modules/')).map(([key, v]) => [key.slice('node_modules/'.length), v])
  : Object.entries(lock.dependencies || {});

const table = new Table({ head: ['package', 'version', 'licence'] });
for (const [name, info] of entries) {
  let licence = 'unknown';
  const manifest = path.join(project, 'node_modules', name, 'package.json');
  if (fs.existsSync(manifest)) licence = JSON.parse(fs.readFileSync(manifest, 'utf8')).license || 'unknown';
  table.push([name, info.version, licence]);
}
console.log(table.toString());
