const fs = require('fs');

const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAABaUlEQVR42u2YRY4DMRQF34WGmZkZrjPMzMxwpDBzrjFvlUWUCbTU7bfoC7hUlu1fMurWPN3HoYmH5OpvvusoNH6fWPnJdx4Gx+4Sy9+5joPg6G186SvXvh8YuYkvfmbb9gLD17GFj2zrrn/oKjb/nmnZ8Q9eRufeMs3bvoGL6OxrumnL138emXlJN256+84i08+phg1v72l46ilVv+7pOQlPPib/48KmdS37wKZ1LfvA1v234ANb99+CDxw4pzX5wIFzWpMPHLvPVfrAsftcpQ8cfvcq+sDhd6+iD4zMhzI+MDIfyvjA4BwtyYXBOVqSC+O9UcSF8d4o4kKkywpciHRZgQupfiUXUv1KLqT6lVxI9Su5kOpXciHVr+RCql/JhVS/kgupfiUXUv1KLqT6lVxI9Su5kOpXciHVr+RCql/JhVS/kgupfiUXUv1KLqT6lVxI9Su5kOpXcuH+U7v/1O4/tftPbXif/gA0RCLqegwdDQAAAABJRU5ErkJggg==';

const results = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rows = results.map(r => `<tr><td>${r.name}</td><td class="${r.ok ? 'ok' : 'fail'}">${r.ok ? 'pass' : 'fail'}</td><td>${r.ms} ms</td></tr>`).join('\n');
process.stdout.write(`<!doctype html><meta charset="utf-8"><title>Report</title>
<style>body{font:14px system-ui;margin:2rem}.ok{color:#127a35}.fail{color:#b42318}td{padding:.2rem .8rem}</style>
<img src="${LOGO}" width="48" height="48" alt="logo">
<table>${rows}</table>`);
